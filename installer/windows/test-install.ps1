<#
.SYNOPSIS
  Install the built setup silently for this user, use it, check the mutex guard, uninstall; data kept.
  Run after build.ps1 (CI does); leaves nothing installed.
#>
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
$Out = Join-Path $Root "installer\build\out"
$Setup = (Get-ChildItem (Join-Path $Out "BranchDesk-*-setup.exe") | Select-Object -First 1).FullName
$InstallDir = Join-Path $env:LOCALAPPDATA "Programs\BranchDesk"
$Exe = Join-Path $InstallDir "BranchDesk.exe"
$DataDir = Join-Path $env:LOCALAPPDATA "BranchDesk"
$StartMenu = Join-Path ([Environment]::GetFolderPath("Programs")) "支部工作台.lnk"

function Run([string]$File, [string[]]$Arguments) {
    $p = Start-Process -FilePath $File -ArgumentList $Arguments -Wait -PassThru
    return $p.ExitCode
}
function Check([bool]$Condition, [string]$Text) {
    if (-not $Condition) { throw "FAIL: $Text" }
    Write-Host "ok: $Text"
}

Check ((Run $Setup @("/S")) -eq 0) "silent per-user install of $Setup"
Check (Test-Path $Exe) "BranchDesk.exe in $InstallDir"
Check (Test-Path $StartMenu) "start-menu shortcut 支部工作台"
$key = "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\BranchDesk"
Check (Test-Path $key) "uninstall entry under the fixed app id BranchDesk"

$log = Join-Path $env:TEMP "branchdesk-self-test.txt"
$p = Start-Process -FilePath $Exe -ArgumentList "--self-test" -Wait -PassThru -NoNewWindow -RedirectStandardOutput $log
Get-Content -Encoding UTF8 $log
Check ($p.ExitCode -eq 0) "installed BranchDesk.exe --self-test"

# The app holds the mutex "BranchDesk" while it runs: a new setup must refuse (silent: exit code 2).
$app = Start-Process -FilePath $Exe -ArgumentList "--demo" -PassThru
Start-Sleep -Seconds 15
Check (-not $app.HasExited) "BranchDesk --demo is running"
Check ((Run $Setup @("/S")) -ne 0) "setup refuses while BranchDesk runs"
# _? runs the uninstaller in place (else it hands over to a copy in %TEMP% and exits 0 at once).
Check ((Run (Join-Path $InstallDir "uninstall.exe") @("/S", "_?=$InstallDir")) -ne 0) "uninstaller refuses while BranchDesk runs"
Stop-Process -Id $app.Id
$app.WaitForExit()
Check (Test-Path (Join-Path $DataDir "demo.sqlite3")) "demo data in $DataDir"

# An upgrade: the same setup again installs in place.
Check ((Run $Setup @("/S")) -eq 0) "reinstall over the existing copy"

Check ((Run (Join-Path $InstallDir "uninstall.exe") @("/S", "_?=$InstallDir")) -eq 0) "silent uninstall"
Remove-Item -Force (Join-Path $InstallDir "uninstall.exe") -ErrorAction SilentlyContinue
Remove-Item -Force $InstallDir -ErrorAction SilentlyContinue
Check (-not (Test-Path $Exe)) "program removed"
Check (-not (Test-Path $StartMenu)) "shortcut removed"
Check (Test-Path (Join-Path $DataDir "demo.sqlite3")) "data folder kept by the (silent) uninstall"
Write-Host "all Windows install checks passed"
