# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Backup history of a SQL Server instance for divalto.cloud.backup_compliance (read only).
# Full and differential backups since $BaseDays days, log backups since $LogHours hours (dbatools
# Get-DbaDbBackupHistory, copy-only included), each with Present: whether all its files still exist.
# Times are UTC ISO 8601, LSNs strings (numeric(25,0) does not fit a double).
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SqlInstance,
    [Parameter(Mandatory = $true)][int]$BaseDays,
    [Parameter(Mandatory = $true)][int]$LogHours
)
$ErrorActionPreference = 'Stop'
$common = @{ SqlInstance = $SqlInstance; IncludeCopyOnly = $true; ExcludeDatabase = @('master', 'model', 'msdb') }
$bases = @(Get-DbaDbBackupHistory @common -Type Full, Differential -Since (Get-Date).AddDays(-$BaseDays))
$logs = @(Get-DbaDbBackupHistory @common -Type Log -Since (Get-Date).AddHours(-$LogHours))
$Ansible.Changed = $false
$Ansible.Result = @(
    foreach ($backup in ($bases + $logs)) {
        $paths = @($backup.Path | ForEach-Object { [string]$_ })
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
            Present           = [bool](@($paths | Where-Object { -not (Test-Path -LiteralPath $_) }).Count -eq 0)
        }
    }
)
