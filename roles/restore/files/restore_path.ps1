# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Moves one restored path (a file or a folder) from the staging directory to $Target: with $Replace, what is at
# $Target is removed first (the restore's safety backup holds it); without, $Target must not exist (a side restore
# never overwrites). The parent of $Target is created when missing.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$Staged,
    [Parameter(Mandatory = $true)][string]$Target,
    [bool]$Replace = $false
)
$ErrorActionPreference = 'Stop'
if (-not (Test-Path -LiteralPath $Staged)) {
    throw "restore_path: $Staged is not in the staging directory (not in the snapshot)"
}
if (Test-Path -LiteralPath $Target) {
    if (-not $Replace) {
        throw "restore_path: $Target already exists; a side restore never overwrites"
    }
    Remove-Item -LiteralPath $Target -Recurse -Force
}
$parent = Split-Path -Path $Target -Parent
if (-not (Test-Path -LiteralPath $parent)) {
    $null = New-Item -ItemType Directory -Path $parent -Force
}
Move-Item -LiteralPath $Staged -Destination $Target
$Ansible.Changed = $true
$Ansible.Result = [ordered]@{ Target = $Target; Replaced = $Replace }
