# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Moves every file-server cluster role owned by another node to this node, before that node is patched, and waits
# up to $TimeoutSeconds for each to be Online here. Returns every file-server role (name, owner, state, and this
# node's name) as strings; divalto.cloud.failover_check decides whether the takeover is complete.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][int]$TimeoutSeconds,
    [Parameter(Mandatory = $true)][int]$PollSeconds
)
$ErrorActionPreference = 'Stop'
$node = $env:COMPUTERNAME

function Get-FileServerRole {
    @(Get-ClusterGroup | Where-Object { [string]$_.GroupType -eq 'FileServer' })
}

$moved = @(Get-FileServerRole | Where-Object { [string]$_.OwnerNode.Name -ne $node })
foreach ($group in $moved) {
    # -ErrorAction Stop (from the preference): a move that fails is an error, not a warning.
    Move-ClusterGroup -InputObject $group -Node $node -Wait $TimeoutSeconds | Out-Null
}
$deadline = (Get-Date).AddSeconds($TimeoutSeconds)
do {
    $roles = @(Get-FileServerRole)
    $pending = @($roles | Where-Object { [string]$_.OwnerNode.Name -ne $node -or [string]$_.State -ne 'Online' })
    if ($pending.Count -gt 0) { Start-Sleep -Seconds $PollSeconds }
} while ($pending.Count -gt 0 -and (Get-Date) -lt $deadline)
$Ansible.Result = @($roles | ForEach-Object {
        [ordered]@{ Name = [string]$_.Name; OwnerNode = [string]$_.OwnerNode.Name; State = [string]$_.State; Node = $node }
    })
# Changed once a role has really moved here (read back above).
$Ansible.Changed = @($moved | Where-Object { $n = [string]$_.Name; @($roles | Where-Object {
                [string]$_.Name -eq $n -and [string]$_.OwnerNode.Name -eq $node }).Count -gt 0 }).Count -gt 0
