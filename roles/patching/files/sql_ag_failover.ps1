# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Planned failover of every availability group this replica is secondary of, to this replica (dbatools), before
# its partner is patched. Refuses a group whose local databases are not all Synchronized (a planned failover
# would lose transactions), then waits up to $TimeoutSeconds for the group to have this replica as primary and
# its databases Synchronized. Returns, per group, the role and the databases' states read after the wait, all as
# strings; divalto.cloud.failover_check decides whether the takeover is complete.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SqlInstance,
    [Parameter(Mandatory = $true)][int]$TimeoutSeconds,
    [Parameter(Mandatory = $true)][int]$PollSeconds
)
$ErrorActionPreference = 'Stop'
$PSDefaultParameterValues['*-Dba*:EnableException'] = $true
# win_powershell starts with Changed true: nothing to fail over is no change.
$Ansible.Changed = $false

function Get-GroupState([string]$Name) {
    $group = Get-DbaAvailabilityGroup -SqlInstance $SqlInstance -AvailabilityGroup $Name
    $databases = @(Get-DbaAgDatabase -SqlInstance $SqlInstance -AvailabilityGroup $Name)
    $status = @{}
    if ($databases.Count -gt 0) {
        Get-DbaDatabase -SqlInstance $SqlInstance -Database @($databases | ForEach-Object { [string]$_.Name }) |
            ForEach-Object { $status[[string]$_.Name] = [string]$_.Status }
    }
    [ordered]@{
        AvailabilityGroup = $Name
        Role              = [string]$group.LocalReplicaRole
        Databases         = @($databases | ForEach-Object {
                [ordered]@{
                    Name                 = [string]$_.Name
                    SynchronizationState = [string]$_.SynchronizationState
                    Status               = [string]$status[[string]$_.Name]
                }
            })
    }
}

$names = @(Get-DbaAvailabilityGroup -SqlInstance $SqlInstance |
        Where-Object { [string]$_.LocalReplicaRole -eq 'Secondary' } |
        ForEach-Object { [string]$_.AvailabilityGroup })
$states = @()
foreach ($name in $names) {
    $before = Get-GroupState -Name $name
    $lagging = @($before.Databases | Where-Object { $_.SynchronizationState -ne 'Synchronized' })
    if ($lagging.Count -gt 0) {
        throw ("availability group {0}: not failed over, databases not Synchronized on {1}: {2}" -f $name,
            $env:COMPUTERNAME, (($lagging | ForEach-Object { $_.Name + ' ' + $_.SynchronizationState }) -join ', '))
    }
    Invoke-DbaAgFailover -SqlInstance $SqlInstance -AvailabilityGroup $name -Confirm:$false | Out-Null
    $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
    $state = $null
    do {
        # While the role moves, a read can fail (the group resolving, databases recovering): try again until the
        # deadline, then read once more and let that error stand.
        try {
            $state = Get-GroupState -Name $name
            $ready = $state.Role -eq 'Primary' -and
                @($state.Databases | Where-Object { $_.SynchronizationState -ne 'Synchronized' }).Count -eq 0
        }
        catch {
            $ready = $false
        }
        if (-not $ready) { Start-Sleep -Seconds $PollSeconds }
    } while (-not $ready -and (Get-Date) -lt $deadline)
    if ($null -eq $state -or -not $ready) { $state = Get-GroupState -Name $name }
    # Changed once the role has really moved here (read back above), whatever the wait's outcome.
    if ($state.Role -eq 'Primary') { $Ansible.Changed = $true }
    $states += , $state
}
$Ansible.Result = @($states)
