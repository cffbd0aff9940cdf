; 支部工作台 BranchDesk — Windows setup (NSIS 3, Unicode), a per-user install without admin rights.
;
; Built by installer/windows/build.ps1 after PyInstaller:
;   makensis /DVERSION=0.1.0 /DDIST=<one-folder build> /DOUTDIR=<folder> /DICON=<branchdesk.ico> branchdesk.nsi
;
; Why NSIS and not Inno Setup: NSIS ships its Simplified Chinese pages (SimpChinese) with the compiler,
; where Inno's ChineseSimplified.isl is an unofficial translation we would have to vendor and keep; and
; makensis runs on Linux (Debian's `nsis`), so the script is compiled on every Linux build as a check.
;
; - installs into %LOCALAPPDATA%\Programs\BranchDesk (RequestExecutionLevel user: no UAC prompt);
; - the fixed uninstall key HKCU\...\Uninstall\BranchDesk (APP_ID) and InstallDirRegKey make a new
;   version install over the old one in place (its _internal folder replaced whole);
; - refuses to install or uninstall while BranchDesk runs: the app holds the named mutex "BranchDesk"
;   (ui/single_instance.py, CreateMutexW) for as long as any window is open;
; - start-menu shortcuts 支部工作台 and 支部工作台（演示数据）, a desktop shortcut (optional component);
; - the uninstaller asks before deleting the data folder %LOCALAPPDATA%\BranchDesk; the default, and
;   a silent uninstall (/S, as an upgrade script would run it), keep it.

Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef DIST
  !error "pass /DDIST=<PyInstaller one-folder build of BranchDesk>"
!endif
!ifndef OUTDIR
  !define OUTDIR "."
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\branchdesk.ico"
!endif

!define APP_ID "BranchDesk"
!define APP_NAME "支部工作台"
!define APP_EXE "BranchDesk.exe"
!define MUTEX "BranchDesk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define SETTINGS_KEY "Software\${APP_ID}"
!define DATA_DIR "$LOCALAPPDATA\BranchDesk"

Name "${APP_NAME}" "${APP_NAME} BranchDesk"
OutFile "${OUTDIR}\BranchDesk-${VERSION}-setup.exe"
InstallDir "$LOCALAPPDATA\Programs\BranchDesk"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
RequestExecutionLevel user
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME} BranchDesk"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "BranchDesk"
VIAddVersionKey /LANG=2052 "LegalCopyright" "BranchDesk"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; Wait until no BranchDesk runs: the app holds the mutex while any of its windows is open.
!macro REFUSE_WHILE_RUNNING
  retry:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${MUTEX}") p .r0'
    ${If} $0 P<> 0
      System::Call 'kernel32::CloseHandle(p r0)'
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "${APP_NAME}正在运行。$\r$\n$\r$\n请先关闭所有${APP_NAME}窗口（文件 → 退出），再点击“重试”。" \
        /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
!macroend

Function .onInit
  !insertmacro REFUSE_WHILE_RUNNING
FunctionEnd

Function un.onInit
  !insertmacro REFUSE_WHILE_RUNNING
FunctionEnd

Section "${APP_NAME}（必需）" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade: the previous version's program files go first, so no stale module survives.
  ; Only our own names inside the install folder; the data lives elsewhere (DATA_DIR).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  File /r "${DIST}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}（演示数据）.lnk" "$INSTDIR\${APP_EXE}" "--demo" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME} BranchDesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "BranchDesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}（演示数据）.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty: anything the user put there stays
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"

  ; The data: the database with every record of the branch, its backups, logs and settings.
  ${If} ${FileExists} "${DATA_DIR}\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
      "是否同时删除${APP_NAME}的数据文件夹？$\r$\n$\r$\n${DATA_DIR}$\r$\n$\r$\n\
其中保存着支部的全部记录和备份。删除后无法恢复。$\r$\n\
选择“否”（默认）将保留数据，重新安装后可继续使用。" \
      /SD IDNO IDYES delete_data
    DetailPrint "数据文件夹已保留：${DATA_DIR}"
    Goto data_done
    delete_data:
      RMDir /r "${DATA_DIR}"
      DetailPrint "数据文件夹已删除：${DATA_DIR}"
    data_done:
  ${EndIf}
SectionEnd
