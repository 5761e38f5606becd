# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Microsoft Defender preferences of a divalto.cloud machine (no Ansible module manages them).
# Idempotent: changes only what differs from the wanted state, sets $Ansible.Changed and $Ansible.Diff,
# and changes nothing in check mode.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][bool]$RealTimeProtection,
    [Parameter(Mandatory)][ValidateRange(1, 24)][int]$SignatureUpdateIntervalHours,
    [AllowEmptyCollection()][string[]]$ExclusionPath = @(),
    [bool]$Exclusive = $true
)
$ErrorActionPreference = 'Stop'

$pref = Get-MpPreference
$current = @($pref.ExclusionPath | Where-Object { $_ })
$wanted = @($ExclusionPath | Where-Object { $_ })
# Windows paths compare case-insensitively (-notcontains does).
$toAdd = @($wanted | Where-Object { $current -notcontains $_ })
$toRemove = if ($Exclusive) { @($current | Where-Object { $wanted -notcontains $_ }) } else { @() }
$set = @{}
if ([bool]$pref.DisableRealtimeMonitoring -eq $RealTimeProtection) {
    $set.DisableRealtimeMonitoring = -not $RealTimeProtection
}
if ([int]$pref.SignatureUpdateInterval -ne $SignatureUpdateIntervalHours) {
    $set.SignatureUpdateInterval = $SignatureUpdateIntervalHours
}

$after = @($current | Where-Object { $toRemove -notcontains $_ }) + $toAdd
$Ansible.Changed = ($set.Count -gt 0) -or ($toAdd.Count -gt 0) -or ($toRemove.Count -gt 0)
$Ansible.Diff = @{
    before = @{
        realtime_protection = -not [bool]$pref.DisableRealtimeMonitoring
        signature_update_interval_hours = [int]$pref.SignatureUpdateInterval
        exclusion_path = @($current | Sort-Object)
    }
    after = @{
        realtime_protection = $RealTimeProtection
        signature_update_interval_hours = $SignatureUpdateIntervalHours
        exclusion_path = @($after | Sort-Object)
    }
}
$Ansible.Result = @{ added = $toAdd; removed = $toRemove; preferences = @($set.Keys | Sort-Object) }
if ($Ansible.CheckMode) {
    return
}
if ($set.Count -gt 0) {
    Set-MpPreference @set
}
if ($toAdd.Count -gt 0) {
    Add-MpPreference -ExclusionPath $toAdd
}
if ($toRemove.Count -gt 0) {
    Remove-MpPreference -ExclusionPath $toRemove
}
