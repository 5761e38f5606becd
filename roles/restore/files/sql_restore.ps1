# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Restores $Database from exactly $Files (the planned chain: full, differential, logs; every file passed as an
# element of an array, which Restore-DbaDatabase takes as it is: nothing is split or searched), to $RestoreTime
# (the instance's wall-clock time, HH:mm:ss MM/dd/yyyy) or to the end of the last backup, replacing the database.
# Then reads back from msdb what was restored (every backup set, its files, LSN and stop point) and the database's
# state, as strings; divalto.cloud.restore_check compares that with the plan.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SqlInstance,
    [Parameter(Mandatory = $true)][string]$Database,
    [Parameter(Mandatory = $true)][string[]]$Files,
    [string]$RestoreTime = '',
    [bool]$ReplaceDbNameInFile = $false
)
$ErrorActionPreference = 'Stop'
# dbatools only warns unless asked to throw: "No backups passed through" must fail the task, not pass unchanged.
$PSDefaultParameterValues['*-Dba*:EnableException'] = $true

$before = [long](Invoke-DbaQuery -SqlInstance $SqlInstance -Database msdb -As SingleValue `
        -Query 'SELECT ISNULL(MAX(restore_history_id), 0) FROM dbo.restorehistory')
$restore = @{
    SqlInstance         = $SqlInstance
    DatabaseName        = $Database
    Path                = $Files
    WithReplace         = $true
    ReplaceDbNameInFile = $ReplaceDbNameInFile
}
if ($RestoreTime) {
    $restore.RestoreTime = [datetime]::ParseExact($RestoreTime, 'HH:mm:ss MM/dd/yyyy',
        [System.Globalization.CultureInfo]::InvariantCulture)
}
$null = Restore-DbaDatabase @restore

$query = @'
SELECT rh.restore_history_id, bs.type, CAST(bs.last_lsn AS varchar(40)) AS last_lsn,
       CONVERT(varchar(19), rh.stop_at, 126) AS stop_at, mf.physical_device_name
FROM dbo.restorehistory AS rh
JOIN dbo.backupset AS bs ON bs.backup_set_id = rh.backup_set_id
JOIN dbo.backupmediafamily AS mf ON mf.media_set_id = bs.media_set_id
WHERE rh.restore_history_id > @before AND rh.destination_database_name = @database
ORDER BY rh.restore_history_id, mf.family_sequence_number
'@
$rows = @(Invoke-DbaQuery -SqlInstance $SqlInstance -Database msdb -Query $query `
        -SqlParameter @{ before = $before; database = $Database })
$state = Invoke-DbaQuery -SqlInstance $SqlInstance -Database master -As SingleValue `
    -Query 'SELECT state_desc FROM sys.databases WHERE name = @database' -SqlParameter @{ database = $Database }
$Ansible.Result = [ordered]@{
    Database = $Database
    State    = [string]$state
    Restored = @($rows | ForEach-Object {
            [ordered]@{
                Id      = [string]$_.restore_history_id
                Type    = [string]$_.type
                LastLsn = [string]$_.last_lsn
                StopAt  = [string]$_.stop_at
                File    = [string]$_.physical_device_name
            }
        })
}
# Changed once msdb says something was restored into the database.
$Ansible.Changed = $rows.Count -gt 0
