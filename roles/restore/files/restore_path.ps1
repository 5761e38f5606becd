# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Moves one restored path (a file or a folder) from the staging directory to $Target: with $Replace, what is at
# $Target is replaced (the restore's safety backup holds it too); without, $Target must not exist (a side restore
# never overwrites). The parent of $Target is created when missing.
# The replaced item is first renamed aside in its own folder (a rename on the same volume: the staging directory is
# under the tenant root), put back if the move fails, and removed only once the restored item is in place. The
# moved item keeps the staging directory's permissions: they are reset to those its new folder gives (the
# environment's group), as for the files robocopy mirrors.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Staged,
    [Parameter(Mandatory = $true)][string]$Target,
    [bool]$Replace = $false
)
$ErrorActionPreference = 'Stop'
# win_powershell starts with Changed true: nothing has changed until the move below.
$Ansible.Changed = $false
if (-not (Test-Path -LiteralPath $Staged)) {
    throw "restore_path: $Staged is not in the staging directory (not in the snapshot)"
}
$parent = Split-Path -Path $Target -Parent
if (-not (Test-Path -LiteralPath $parent)) {
    $null = New-Item -ItemType Directory -Path $parent -Force
}
$previous = $null
if (Test-Path -LiteralPath $Target) {
    if (-not $Replace) {
        throw "restore_path: $Target already exists; a side restore never overwrites"
    }
    $previous = '{0}.replaced-{1}' -f $Target, [guid]::NewGuid().ToString('N').Substring(0, 8)
    Move-Item -LiteralPath $Target -Destination $previous
}
try {
    Move-Item -LiteralPath $Staged -Destination $Target
}
catch {
    $failure = $_.Exception.Message
    if ($null -ne $previous) {
        try {
            Move-Item -LiteralPath $previous -Destination $Target
        }
        catch {
            $message = "restore_path: moving $Staged to $Target failed ($failure), and putting the replaced " +
                "item back failed too ($($_.Exception.Message)): it is kept at $previous"
            throw $message
        }
    }
    throw "restore_path: moving $Staged to $Target failed: $failure"
}
$Ansible.Changed = $true
# /T on a file would also reset every file of that name below its folder: only a folder is reset recursively.
$icaclsArguments = @($Target, '/reset', '/Q')
if ((Get-Item -LiteralPath $Target -Force).PSIsContainer) {
    $icaclsArguments += '/T'
}
# Windows PowerShell 5.1 turns a native command's stderr line into a terminating error under 'Stop': the exit code
# says whether icacls failed, and its output (stderr included) says why.
$ErrorActionPreference = 'Continue'
$output = & icacls.exe @icaclsArguments 2>&1
$code = $LASTEXITCODE
$ErrorActionPreference = 'Stop'
if ($code -ne 0) {
    $said = ($output | Out-String).Trim()
    if ($said.Length -gt 300) {
        $said = $said.Substring(0, 300) + '...'
    }
    $kept = if ($null -ne $previous) { "; the replaced item is kept at $previous" } else { '' }
    throw "restore_path: icacls /reset of $Target failed (exit $code): $said$kept"
}
if ($null -ne $previous) {
    Remove-Item -LiteralPath $previous -Recurse -Force
}
$Ansible.Result = [ordered]@{ Target = $Target; Replaced = ($null -ne $previous) }
