<#
.SYNOPSIS
  Build the Windows setup and the portable zip of 支部工作台 BranchDesk (run on a Windows 10/11 PC).

.DESCRIPTION
  1. a build venv (installer\build\venv-win) with BranchDesk installed NON-editable plus PyInstaller;
  2. the test suite in an editable test venv (installer\build\venv-wintest), as CI runs it on Linux
     (skip with -SkipTests or $env:BRANCHDESK_SKIP_TESTS=1, for quick iteration only);
  3. PyInstaller one-folder build (installer\branchdesk.spec: windowed, icon, version resource);
  4. BranchDesk.exe --self-test on the frozen build (temporary database, backup, exports);
  5. the portable zip: the same folder with portable.txt beside BranchDesk.exe;
  6. makensis installer\windows\branchdesk.nsi -> BranchDesk-<version>-setup.exe.
  Outputs go to installer\build\out. Needs Python 3.11 (the py launcher or -Python) and NSIS 3
  (makensis on PATH or in Program Files; `choco install nsis` or `winget install NSIS.NSIS`).

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
  powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 -SkipTests -Python C:\Python311\python.exe
#>
param(
    [switch]$SkipTests,
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
$Build = Join-Path $Root "installer\build"
$Venv = Join-Path $Build "venv-win"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$TestVenv = Join-Path $Build "venv-wintest"
$TestPython = Join-Path $TestVenv "Scripts\python.exe"
$Dist = Join-Path $Build "dist\BranchDesk"
$Out = Join-Path $Build "out"

function Step([string]$Text) { Write-Host "`n=== $Text" -ForegroundColor Cyan }

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Find-Makensis {
    $onPath = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles)) {
        if ($base -and (Test-Path (Join-Path $base "NSIS\makensis.exe"))) { return (Join-Path $base "NSIS\makensis.exe") }
    }
    throw "makensis.exe not found: install NSIS 3 (choco install nsis, or winget install NSIS.NSIS)"
}

function New-Venv([string]$Folder) {
    if (Test-Path (Join-Path $Folder "Scripts\python.exe")) { return }
    if ($Python) { Invoke-Checked $Python @("-m", "venv", $Folder) }
    else { Invoke-Checked "py" @("-3.11", "-m", "venv", $Folder) }
    Invoke-Checked (Join-Path $Folder "Scripts\python.exe") @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
}

Step "build venv $Venv"
New-Venv $Venv
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "$Root[test]", "-r", (Join-Path $Root "installer\requirements-build.txt"))
# the copy PyInstaller freezes is the current source, whatever version number it carries
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", $Root)
$Version = (& $VenvPython -c "import branchdesk; print(branchdesk.__version__)").Trim()

if ($SkipTests -or $env:BRANCHDESK_SKIP_TESTS -eq "1") {
    Step "tests SKIPPED (-SkipTests): do not ship this build"
} else {
    Step "tests (editable install, as in development)"
    New-Venv $TestVenv
    Invoke-Checked $TestPython @("-m", "pip", "install", "--quiet", "-e", "$Root[test]")
    $env:QT_QPA_PLATFORM = "offscreen"
    Push-Location $Root
    try { Invoke-Checked $TestPython @("-m", "pytest", "-q", "-p", "no:cacheprovider") }
    finally { Pop-Location; Remove-Item Env:QT_QPA_PLATFORM }
}

Step "PyInstaller one-folder build"
if (Test-Path $Dist) { Remove-Item -Recurse -Force $Dist }
Push-Location $Root
try {
    Invoke-Checked (Join-Path $Venv "Scripts\pyinstaller.exe") @("--noconfirm", "--log-level", "WARN",
        "--distpath", (Join-Path $Build "dist"), "--workpath", (Join-Path $Build "work"), "installer\branchdesk.spec")
} finally { Pop-Location }

Step "self-test of the frozen build"
# BranchDesk.exe is a windowed program: its output reaches a file only through redirection.
$log = Join-Path $Build "self-test.txt"
$run = Start-Process -FilePath (Join-Path $Dist "BranchDesk.exe") -ArgumentList "--self-test" -Wait -PassThru `
    -NoNewWindow -RedirectStandardOutput $log -RedirectStandardError "$log.err"
Get-Content -Encoding UTF8 $log, "$log.err" -ErrorAction SilentlyContinue
if ($run.ExitCode -ne 0) { throw "self-test failed (exit code $($run.ExitCode))" }

New-Item -ItemType Directory -Force $Out | Out-Null
Step "portable zip"
$PortableRoot = Join-Path $Build "portable"
if (Test-Path $PortableRoot) { Remove-Item -Recurse -Force $PortableRoot }
New-Item -ItemType Directory -Force $PortableRoot | Out-Null
Copy-Item -Recurse $Dist (Join-Path $PortableRoot "BranchDesk")
Copy-Item (Join-Path $Root "installer\portable.txt") (Join-Path $PortableRoot "BranchDesk\portable.txt")
$Zip = Join-Path $Out "BranchDesk-$Version-windows-x64-portable.zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path (Join-Path $PortableRoot "BranchDesk") -DestinationPath $Zip -CompressionLevel Optimal

Step "NSIS setup"
$Makensis = Find-Makensis
Invoke-Checked $Makensis @("/V2", "/DVERSION=$Version", "/DDIST=$Dist", "/DOUTDIR=$Out",
    "/DICON=$(Join-Path $Root 'resources\icons\branchdesk.ico')", (Join-Path $Root "installer\windows\branchdesk.nsi"))

Step "done"
Get-ChildItem $Out | Format-Table Name, @{ Name = "MB"; Expression = { [math]::Round($_.Length / 1MB, 1) } }
