# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Backup history of a SQL Server instance (read only), for divalto.cloud.backup_compliance: full and differential
# backups since $BaseDays days, log backups since $LogHours hours (dbatools Get-DbaDbBackupHistory, copy-only
# included). Each record says whether its files still exist: Present is true or false when every file could be
# read or was seen missing, null when one could not be read (Unreadable lists those, with the reason: on a share
# reached from a WinRM session, the double hop), so that "could not read" is never reported as "absent".
# Windows PowerShell 5.1's JSON loses BigInteger and DateTime values: times leave as UTC ISO 8601 strings and LSNs
# (numeric(25,0)) as strings, cast here.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SqlInstance,
    [Parameter(Mandatory = $true)][int]$BaseDays,
    [Parameter(Mandatory = $true)][int]$LogHours
)
$ErrorActionPreference = 'Stop'
# dbatools only warns unless asked to throw: an unreachable instance must fail, not read as "no backups".
$PSDefaultParameterValues['*-Dba*:EnableException'] = $true

function Get-FileState([string]$Path) {
    try {
        $null = Get-Item -LiteralPath $Path -Force -ErrorAction Stop
        return 'present'
    }
    catch [System.Management.Automation.ItemNotFoundException] {
        # Test-Path and Get-Item also say "not found" for a share they may not open: tell the two apart.
        $parent = Split-Path -Path $Path -Parent
        # Absent only when its directory can be listed: a directory that cannot be (missing, or a share that
        # refuses the session) is "could not read".
        try {
            $null = Get-ChildItem -LiteralPath $parent -Force -ErrorAction Stop | Select-Object -First 1
            return 'absent'
        }
        catch {
            return 'unreadable: ' + $_.Exception.Message
        }
    }
    catch {
        return 'unreadable: ' + $_.Exception.Message
    }
}

$common = @{ SqlInstance = $SqlInstance; IncludeCopyOnly = $true; ExcludeDatabase = @('master', 'model', 'msdb') }
$bases = @(Get-DbaDbBackupHistory @common -Type Full, Differential -Since (Get-Date).AddDays(-$BaseDays))
$logs = @(Get-DbaDbBackupHistory @common -Type Log -Since (Get-Date).AddHours(-$LogHours))
$Ansible.Changed = $false
$Ansible.Result = @(
    foreach ($backup in ($bases + $logs)) {
        $paths = @($backup.Path | ForEach-Object { [string]$_ })
        $states = @($paths | ForEach-Object { Get-FileState -Path $_ })
        $unreadable = @(for ($i = 0; $i -lt $paths.Count; $i++) {
                if ($states[$i].StartsWith('unreadable')) { $paths[$i] + ' (' + $states[$i].Substring(12) + ')' }
            })
        $present = $null
        if ($unreadable.Count -eq 0) { $present = [bool](@($states | Where-Object { $_ -eq 'absent' }).Count -eq 0) }
        [ordered]@{
            SqlInstance       = [string]$backup.SqlInstance
            Database          = [string]$backup.Database
            Type              = [string]$backup.Type
            Start             = ([datetime]$backup.Start).ToUniversalTime().ToString('o')
            End               = ([datetime]$backup.End).ToUniversalTime().ToString('o')
            FirstLsn          = [string]$backup.FirstLsn
            LastLsn           = [string]$backup.LastLsn
            DatabaseBackupLsn = [string]$backup.DatabaseBackupLsn
            CheckpointLsn     = [string]$backup.CheckpointLsn
            Path              = $paths
            IsCopyOnly        = [bool]$backup.IsCopyOnly
            Present           = $present
            Unreadable        = $unreadable
        }
    }
)
