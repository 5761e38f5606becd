# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Read only: for each site of $Sites (with its folder, $Paths at the same index), whether the site and its folder
# exist and its bindings with their certificates, as strings and integers. divalto.cloud.iis_site_changes compares
# them with what the site should be, so that microsoft.iis.website is given bindings only when they differ (it
# re-adds every binding's certificate whenever it is given them, in check mode too).
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string[]]$Sites,
    [Parameter(Mandatory = $true)][string[]]$Paths
)
$ErrorActionPreference = 'Stop'
Import-Module -Name WebAdministration
$Ansible.Changed = $false
$Ansible.Result = @(for ($i = 0; $i -lt $Sites.Count; $i++) {
        $location = 'IIS:\Sites\' + $Sites[$i]
        $exists = Test-Path -LiteralPath $location
        $bindings = @()
        if ($exists) {
            $bindings = @((Get-Item -LiteralPath $location).bindings.Collection | ForEach-Object {
                    [ordered]@{
                        Protocol           = [string]$_.protocol
                        BindingInformation = [string]$_.bindingInformation
                        CertificateHash    = [string]$_.certificateHash
                        SslFlags           = [int]$_.sslFlags
                    }
                })
        }
        [ordered]@{
            Name       = $Sites[$i]
            Exists     = [bool]$exists
            PathExists = [bool](Test-Path -LiteralPath $Paths[$i] -PathType Container)
            Bindings   = $bindings
        }
    })
