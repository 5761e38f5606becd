# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Caps the data file of a database at MaxSizeMB (ALTER DATABASE ... MODIFY FILE (MAXSIZE)), through dbatools.
# Idempotent ($Ansible.Changed only when the cap differs), check-mode aware. The quota is applied to databases
# with exactly one data file (lowlydba.sqlserver.database creates them so); any other layout fails, by design.
[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)][string]$SqlInstance,
    [Parameter(Mandatory)][string]$Database,
    [Parameter(Mandatory)][int]$MaxSizeMB
)
$ErrorActionPreference = 'Stop'
Import-Module -Name dbatools

$exists = Get-DbaDatabase -SqlInstance $SqlInstance -Database $Database -EnableException
if (-not $exists) {
    if ($Ansible.CheckMode) {
        # Created by an earlier task in check mode only: it would get its cap.
        $Ansible.Changed = $true
        $Ansible.Result = @{ database = $Database; before_mb = $null; after_mb = $MaxSizeMB }
        return
    }
    throw "database $Database does not exist on $SqlInstance"
}
$query = "SELECT name, size, max_size FROM sys.database_files WHERE type_desc = 'ROWS'"
$files = @(Invoke-DbaQuery -SqlInstance $SqlInstance -Database $Database -Query $query -EnableException)
if ($files.Count -ne 1) {
    throw "database $Database has $($files.Count) data files: the quota cap applies to a single data file (roles/sqlserver/README.md)"
}
$file = $files[0]
# sys.database_files counts 8 KB pages; -1 is unlimited.
$before = if ($file.max_size -eq -1) { -1 } else { [int64]$file.max_size / 128 }
$sizeMB = [int64]$file.size / 128
if ($sizeMB -gt $MaxSizeMB) {
    # SQL Server would refuse with Msg 5040 ("MAXSIZE cannot be less than size"), which says nothing of the quota.
    throw ("database {0}: its data file {1} already holds {2} MB, more than the quota's {3} MB: raise the " +
        "environment's database quota in the registry, or shrink the database (DBCC SHRINKFILE) first, then run " +
        "again") -f $Database, $file.name, $sizeMB, $MaxSizeMB
}
$Ansible.Changed = $before -ne $MaxSizeMB
$Ansible.Diff = @{ before = @{ max_size_mb = $before }; after = @{ max_size_mb = $MaxSizeMB } }
$Ansible.Result = @{ database = $Database; file = [string]$file.name; size_mb = $sizeMB; before_mb = $before; after_mb = $MaxSizeMB }
if ($Ansible.Changed -and -not $Ansible.CheckMode) {
    $db = $Database -replace ']', ']]'
    $name = $file.name -replace "'", "''"
    $alter = "ALTER DATABASE [$db] MODIFY FILE (NAME = N'$name', MAXSIZE = $MaxSizeMB MB)"
    Invoke-DbaQuery -SqlInstance $SqlInstance -Database master -Query $alter -EnableException
}
