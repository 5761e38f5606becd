# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Read-only, on the target's SQL primary: RESTORE VERIFYONLY, HEADERONLY and FILELISTONLY of $Path (the copy of a
# client's backup file), the instance's version and its default data and log directories. Every value is cast to a
# string here; divalto.cloud.import_backup (module_utils/backup/import_backup.py) checks and reads them.
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$SqlInstance,
    [Parameter(Mandatory = $true)][string]$Path,
    [int]$Timeout = 3600
)
$ErrorActionPreference = 'Stop'
# dbatools only warns unless asked to throw: a backup that does not verify must fail the task.
$PSDefaultParameterValues['*-Dba*:EnableException'] = $true
$Ansible.Changed = $false

$query = @{ SqlInstance = $SqlInstance; Database = 'master'; QueryTimeout = $Timeout; SqlParameter = @{ path = $Path } }
$null = Invoke-DbaQuery @query -Query 'RESTORE VERIFYONLY FROM DISK = @path'
$headers = @(Invoke-DbaQuery @query -Query 'RESTORE HEADERONLY FROM DISK = @path')
$files = @(Invoke-DbaQuery @query -Query 'RESTORE FILELISTONLY FROM DISK = @path')
$instance = Invoke-DbaQuery -SqlInstance $SqlInstance -Database master -Query @'
SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(32)) AS version,
       CAST(SERVERPROPERTY('InstanceDefaultDataPath') AS nvarchar(260)) AS data_path,
       CAST(SERVERPROPERTY('InstanceDefaultLogPath') AS nvarchar(260)) AS log_path
'@
$Ansible.Result = [ordered]@{
    Verified = 'true'
    Version  = [string]$instance.version
    DataPath = [string]$instance.data_path
    LogPath  = [string]$instance.log_path
    Headers  = @($headers | ForEach-Object {
            [ordered]@{
                Position             = [string]$_.Position
                BackupType           = [string]$_.BackupType
                DatabaseName         = [string]$_.DatabaseName
                ServerName           = [string]$_.ServerName
                SoftwareVersionMajor = [string]$_.SoftwareVersionMajor
                SoftwareVersionMinor = [string]$_.SoftwareVersionMinor
                SoftwareVersionBuild = [string]$_.SoftwareVersionBuild
                BackupSize           = [string]$_.BackupSize
                CompressedBackupSize = [string]$_.CompressedBackupSize
                BackupFinishDate     = $(if ($_.BackupFinishDate -is [datetime]) { $_.BackupFinishDate.ToString('o') } else { '' })
                HasBackupChecksums   = [string][bool]$_.HasBackupChecksums
                IsCopyOnly           = [string][bool]$_.IsCopyOnly
            }
        })
    Files    = @($files | ForEach-Object {
            [ordered]@{
                LogicalName  = [string]$_.LogicalName
                PhysicalName = [string]$_.PhysicalName
                Type         = [string]$_.Type
                FileId       = [string]$_.FileId
                Size         = [string]$_.Size
            }
        })
}
