"""Twentieth batch of the real-world set: enterprise applications, ERP/CRM, virtualization and
Windows administration.

Written blind (committed before any scanner ran on it) from how administrators' and integrators'
repositories hold credentials: SAP (HANA `hdbuserstore SET` and `hdbsql -p`, `pyrfc`,
`sapnwrfc.ini`, SAP GUI scripting and `sapshcut -pw`, `sapcontrol -user`, a CAP
`default-env.json` with `VCAP_SERVICES`, the Business One DI API), Salesforce (an sfdx auth URL
file, `sf org display --verbose` output, the Ant Migration Tool `build.properties`,
simple_salesforce, jsforce, a connected-app `.env`), ServiceNow (MID server `config.xml`, Ansible
`servicenow.itsm` variables), a Dataverse connection string, `pac auth create` and `CrmSvcUtil`,
Oracle administration (`dbca` and `orapwd`, a Grid installer response file, `mkstore` / `orapki`,
`sqlldr` and EBS `FNDLOAD`, GoldenGate credential stores, WLST `connect`), WebSphere
(`soap.client.props`, `wsadmin -password`), Liberty `server.xml`, WildFly `mgmt-users.properties`
and `jboss-cli` / `add-user.sh`, IIS `appcmd` and Web Deploy (`.PublishSettings`, `msdeploy`),
VMware (pyVmomi, the VCSA installer template, `ovftool vi://`, the PowerCLI credential store), a
compiled DSC `.mof`, a Windows autologon `.reg`, MDT `Bootstrap.ini`, the SQL Server setup
`ConfigurationFile.ini`, a `dcpromo` answer file, `dsadd` / `ktpass`, SharePoint
(`Connect-PnPOnline`, `psconfig`), SSIS `.dtsConfig`, Citrix Cloud (secure client CSV,
`Set-XDCredentials`), Okta `okta.yaml`, a Workday integration, a SCIM connector, Atlassian
(`confluence.cfg.xml`, `bitbucket.properties`) and NetSuite token-based auth. Negatives are the
same files with the secret in the environment, a secure store, an encrypted value, a template
token or a documented placeholder, plus files that look like secrets and are not (`tnsnames.ora`,
an SAP instance profile).
"""

import json
import string

from shapes import B62, B64URL, without


def build_twentieth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; ,')

    def pw():
        return q(g.password())

    plain = g.url_password

    uuid = g.uuid4

    upper_hex = g.upper_hex

    def azure_secret():
        return g.alnum(3) + str(r.randint(0, 9)) + "Q~" + g.chars(B62 + "_.~-", 34)

    def sf_refresh():
        return "5Aep861" + g.chars(B62 + "._", 80)

    def sf_org():
        return "00D" + g.alnum(2) + "0000" + g.alnum(6)

    # ================================================================ SAP
    p1, p2 = pw(), pw()
    add("basis/hana/setup_backup_keys.sh", "sap-hana-hdbuserstore-hdbsql", f"""#!/bin/sh
# run as hdbadm on hana01 after the system refresh
set -e
/usr/sap/hdbclient/hdbuserstore -i SET BACKUPKEY hana01.corp.fabrikam.lan:30013@SYSTEMDB SYSTEM {p1}
/usr/sap/hdbclient/hdbuserstore LIST BACKUPKEY

/usr/sap/hdbclient/hdbsql -n hana01.corp.fabrikam.lan:30015 -d HDB -u ADMIN_BACKUP -p {p2} \\
  "ALTER SYSTEM ALTER CONFIGURATION ('global.ini','SYSTEM') SET ('backup','log_backup_timeout_s') = '900' WITH RECONFIGURE"
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("rfc/sapnwrfc.ini", "sapnwrfc-ini", f"""DEST=PRD
ASHOST=sapprd-ci.corp.fabrikam.lan
SYSNR=00
CLIENT=100
USER=RFC_BATCH
PASSWD={p1}
LANG=EN
TRACE=0

DEST=QAS
ASHOST=sapqas-ci.corp.fabrikam.lan
SYSNR=10
CLIENT=200
USER=RFC_BATCH
PASSWD={p2}
LANG=EN
""", [p1, p2])

    p1 = pw()
    add("rfc/pull_materials.py", "sap-pyrfc-connection", f"""from pyrfc import Connection

conn = Connection(ashost='sapprd-ci.corp.fabrikam.lan', sysnr='00', client='100',
                  user='RFC_MDM', passwd='{p1}', lang='EN')
result = conn.call('BAPI_MATERIAL_GETLIST', MAXROWS=500,
                   MATNRSELECTION=[{{'SIGN': 'I', 'OPTION': 'CP', 'MATNR_LOW': 'FG*'}}])
for row in result['MATNRLIST']:
    print(row['MATERIAL'], row['MATL_DESC'])
conn.close()
""", [p1])

    p1 = pw()
    add("macros/sap_export_fbl3n.vbs", "sap-gui-scripting-vbs", f"""If Not IsObject(application) Then
   Set SapGuiAuto  = GetObject("SAPGUI")
   Set application = SapGuiAuto.GetScriptingEngine
End If
Set connection = application.OpenConnection("PRD - ERP Production", True)
Set session = connection.Children(0)
session.findById("wnd[0]/usr/txtRSYST-MANDT").text = "100"
session.findById("wnd[0]/usr/txtRSYST-BNAME").text = "FIN_REPORT"
session.findById("wnd[0]/usr/pwdRSYST-BCODE").text = "{p1}"
session.findById("wnd[0]/usr/txtRSYST-LANGU").text = "EN"
session.findById("wnd[0]").sendVKey 0
session.findById("wnd[0]/tbar[0]/okcd").text = "/nFBL3N"
session.findById("wnd[0]").sendVKey 0
""", [p1])

    p1 = pw()
    add("desktop/start_sap_prd.bat", "sapshcut-pw", f"""@echo off
REM opens VA05 in PRD without the logon screen
"C:\\Program Files (x86)\\SAP\\FrontEnd\\SAPgui\\sapshcut.exe" -system=PRD -client=100 -user=SD_OPS -pw={p1} -language=EN -command=VA05 -maxgui
""", [p1])

    p1 = pw()
    add("monitoring/check_sap_processes.sh", "sapcontrol-user", f"""#!/bin/bash
# nagios check: every work process of the PRD instance must be GREEN
OUT=$(/usr/sap/hostctrl/exe/sapcontrol -nr 00 -host sapprd-ci -user prdadm {p1} -function GetProcessList)
if echo "$OUT" | grep -q -E "YELLOW|GRAY|RED"; then
  echo "CRITICAL - $OUT"; exit 2
fi
echo "OK - all processes GREEN"; exit 0
""", [p1])

    s1 = uuid() + "$" + g.b64url(43) + "="
    h1 = g.chars(B62 + "_", 31)
    h2 = g.chars(B62 + "_", 31)
    add("cap-bookshop/default-env.json", "sap-cap-default-env", json.dumps({"VCAP_SERVICES": {
        "xsuaa": [{"label": "xsuaa", "name": "bookshop-auth", "plan": "application",
                   "credentials": {"apiurl": "https://api.authentication.eu10.hana.ondemand.com",
                                   "clientid": "sb-bookshop!t41235", "clientsecret": s1,
                                   "identityzone": "fabrikam-dev", "tenantmode": "dedicated",
                                   "url": "https://fabrikam-dev.authentication.eu10.hana.ondemand.com",
                                   "xsappname": "bookshop!t41235"}}],
        "hana": [{"label": "hana", "name": "bookshop-db", "plan": "hdi-shared",
                  "credentials": {"host": "7c1e2a9b.hana.prod-eu10.hanacloud.ondemand.com",
                                  "port": "443", "driver": "com.sap.db.jdbc.Driver",
                                  "schema": "9F2C81B7D1E84C0A9A3B5E7F2D61C4A8",
                                  "user": "9F2C81B7D1E84C0A9A3B5E7F2D61C4A8_RT",
                                  "password": h1,
                                  "hdi_user": "9F2C81B7D1E84C0A9A3B5E7F2D61C4A8_DT",
                                  "hdi_password": h2}}]}}, indent=2) + "\n", [s1, h1, h2])

    p1, p2 = pw(), pw()
    add("b1-addons/StockSync/Program.cs", "sap-b1-diapi-csharp", f"""using SAPbobsCOM;

namespace StockSync
{{
    internal static class Program
    {{
        private static Company Connect()
        {{
            var oCompany = new Company();
            oCompany.Server = "B1SQL01";
            oCompany.DbServerType = BoDataServerTypes.dst_MSSQL2019;
            oCompany.CompanyDB = "SBO_FABRIKAM";
            oCompany.DbUserName = "sa";
            oCompany.DbPassword = "{p1}";
            oCompany.UserName = "manager";
            oCompany.Password = "{p2}";
            oCompany.LicenseServer = "B1SQL01:30000";
            if (oCompany.Connect() != 0)
                throw new System.Exception(oCompany.GetLastErrorDescription());
            return oCompany;
        }}
    }}
}}
""", [p1, p2])

    # ================================================================ Salesforce
    t1 = sf_refresh()
    add("sfdx/auth/prod-org.txt", "sfdx-auth-url-file", f"""force://PlatformCLI::{t1}@fabrikam.my.salesforce.com
""", [t1])

    a1, t1 = sf_org() + "!AQ" + g.chars(B62 + "._", 94), sf_refresh()
    add("notes/sf-org-display.txt", "sf-org-display-verbose", f"""$ sf org display --target-org prod --verbose

=== Org Description

 KEY              VALUE
 ──────────────── ──────────────────────────────────────────────
 Access Token     {a1}
 Api Version      60.0
 Client Id        PlatformCLI
 Connected Status Connected
 Id               00D5g0000012AbCEAU
 Instance Url     https://fabrikam.my.salesforce.com
 Sfdx Auth Url    force://PlatformCLI::{t1}@fabrikam.my.salesforce.com
 Username         release.manager@fabrikam.com
""", [a1, t1])

    p1, t1 = pw(), g.alnum(25)
    add("salesforce-ant/build.properties", "sf-ant-build-properties", f"""# build.properties for the Force.com Migration Tool
sf.username = deploy.user@fabrikam.com
sf.password = {p1}{t1}
sf.serverurl = https://login.salesforce.com
sf.maxPoll = 200
sf.pollWaitMillis = 10000
""", [p1 + t1])

    p1, t1 = pw(), g.alnum(24)
    add("scripts/sf_leads_export.py", "simple-salesforce-login", f"""from simple_salesforce import Salesforce
import csv

sf = Salesforce(username='integration@fabrikam.com',
                password='{p1}',
                security_token='{t1}')

rows = sf.query_all("SELECT Id, Email, Company FROM Lead WHERE CreatedDate = LAST_N_DAYS:7")["records"]
with open("leads.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    for rec in rows:
        w.writerow([rec["Id"], rec["Email"], rec["Company"]])
""", [p1, t1])

    p1, t1 = pw(), g.alnum(24)
    add("sync/salesforce.js", "jsforce-login", f"""const jsforce = require('jsforce');

const conn = new jsforce.Connection({{ loginUrl: 'https://login.salesforce.com' }});

async function connect() {{
  await conn.login('sync-bot@fabrikam.com', '{p1}' + '{t1}');
  console.log('connected to', conn.instanceUrl);
  return conn;
}}

module.exports = {{ connect }};
""", [p1, t1])

    c1, s1 = "3MVG9" + g.chars(B62 + "._", 80), upper_hex(64)
    add("portal-backend/.env", "salesforce-connected-app-env", f"""NODE_ENV=production
PORT=3000
SF_LOGIN_URL=https://login.salesforce.com
SF_CONSUMER_KEY={c1}
SF_CONSUMER_SECRET={s1}
SF_CALLBACK_URL=https://portal.fabrikam.com/oauth2/callback
""", [s1])

    # ================================================================ ServiceNow
    p1, p2 = pw(), pw()
    add("servicenow/mid/agent/config.xml", "servicenow-mid-config-xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<parameters>
    <parameter name="url" value="https://fabrikam.service-now.com/"/>
    <parameter name="mid.instance.username" value="svc_mid_prod"/>
    <parameter name="mid.instance.password" secure="true" value="{p1}"/>
    <parameter name="name" value="MID-PRD-01"/>
    <parameter name="mid.proxy.use_proxy" value="true"/>
    <parameter name="mid.proxy.host" value="proxy.corp.fabrikam.lan"/>
    <parameter name="mid.proxy.port" value="3128"/>
    <parameter name="mid.proxy.username" value="svc_mid_proxy"/>
    <parameter name="mid.proxy.password" secure="true" value="{p2}"/>
</parameters>
""", [p1, p2])

    p1, s1 = pw(), g.chars(B62 + "!()*-_.[]^~", 10)
    add("ansible/inventories/prod/group_vars/all/servicenow.yml", "ansible-servicenow-itsm-vars", f"""---
sn_host: https://fabrikam.service-now.com
sn_username: svc_ansible
sn_password: "{p1}"
sn_client_id: 7b0f3e9a4c2d4f8e9a1b6c5d3e2f1a0b
sn_client_secret: '{s1}'
sn_change_template: "Standard: Patch Linux servers"
""", [p1, s1])

    # ================================================================ Dynamics 365 / Dataverse
    s1 = azure_secret()
    add("src/Crm.Sync/appsettings.Production.json", "dataverse-clientsecret-connstring", json.dumps({
        "Logging": {"LogLevel": {"Default": "Information"}},
        "ConnectionStrings": {
            "Dataverse": f"AuthType=ClientSecret;Url=https://fabrikam.crm4.dynamics.com;ClientId={uuid()};ClientSecret={s1};RequireNewInstance=true"},
        "Sync": {"BatchSize": 500}}, indent=2) + "\n", [s1])

    s1 = azure_secret()
    add("pipelines/scripts/pac-deploy.ps1", "pac-auth-create", f"""$ErrorActionPreference = 'Stop'
pac auth create --name prod --environment https://fabrikam.crm4.dynamics.com `
    --applicationId {uuid()} `
    --clientSecret "{s1}" `
    --tenant {uuid()}
pac solution import --path .\\out\\FabrikamCore_managed.zip --activate-plugins --async
""", [s1])

    p1 = pw()
    add("tools/generate-early-bound.cmd", "crmsvcutil-password", f"""@echo off
CrmSvcUtil.exe /url:https://crm.corp.fabrikam.lan/Fabrikam/XRMServices/2011/Organization.svc ^
  /out:..\\src\\Fabrikam.Model\\Entities.cs /namespace:Fabrikam.Model /serviceContextName:XrmContext ^
  /username:crmdev /password:{p1} /domain:FABRIKAM
""", [p1])

    # ================================================================ Oracle
    p1, p2, p3 = pw(), pw(), pw()
    add("dba/create_db_prd.sh", "oracle-dbca-orapwd", f"""#!/bin/bash
export ORACLE_SID=ORCLPRD
export ORACLE_HOME=/u01/app/oracle/product/19.0.0/dbhome_1

$ORACLE_HOME/bin/dbca -silent -createDatabase -templateName General_Purpose.dbc \\
  -gdbname ORCLPRD -sid ORCLPRD -characterSet AL32UTF8 \\
  -sysPassword {p1} \\
  -systemPassword {p2} \\
  -createAsContainerDatabase false -storageType FS -datafileDestination /u02/oradata

$ORACLE_HOME/bin/orapwd file=$ORACLE_HOME/dbs/orapwORCLPRD password={p3} entries=10 force=y format=12.2
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("install/grid/grid_install.rsp", "oracle-grid-response-file", f"""oracle.install.responseFileVersion=/oracle/install/rspfmt_crsinstall_response_schema_v19.0.0
INVENTORY_LOCATION=/u01/app/oraInventory
oracle.install.option=HA_CONFIG
ORACLE_BASE=/u01/app/grid
oracle.install.asm.OSDBA=asmdba
oracle.install.asm.OSOPER=asmoper
oracle.install.asm.OSASM=asmadmin
oracle.install.asm.SYSASMPassword={p1}
oracle.install.asm.diskGroup.name=DATA
oracle.install.asm.diskGroup.redundancy=EXTERNAL
oracle.install.asm.diskGroup.disks=/dev/oracleasm/disks/DATA01
oracle.install.asm.monitorPassword={p2}
oracle.install.asm.configureAFD=false
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("dba/wallet/setup_wallet.sh", "oracle-mkstore-orapki", f"""#!/bin/bash
W=/u01/app/oracle/admin/wallet
orapki wallet create -wallet $W -pwd {p1} -auto_login
mkstore -wrl $W -createCredential ORCLPRD_BATCH batch_user {p2} <<EOF
{p1}
EOF
mkstore -wrl $W -listCredential <<EOF
{p1}
EOF
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("ebs/scripts/load_and_migrate.sh", "oracle-ebs-sqlldr-fndload", f"""#!/bin/ksh
. /u01/app/EBSapps.env run
sqlldr userid=xxfab/{p1}@EBSPRD control=$XXFAB_TOP/bin/gl_interface.ctl log=/tmp/gl_interface.log
FNDLOAD apps/{p2} 0 Y DOWNLOAD $FND_TOP/patch/115/import/afcpprog.lct XXFAB_GL_IMPORT.ldt PROGRAM APPLICATION_SHORT_NAME="XXFAB" CONCURRENT_PROGRAM_NAME="XXFAB_GL_IMPORT"
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("goldengate/dirprm/setup_creds.oby", "goldengate-credentialstore", f"""-- obey file, run in ggsci: OBEY ./dirprm/setup_creds.oby
ADD CREDENTIALSTORE
ALTER CREDENTIALSTORE ADD USER c##ggadmin@ORCLPRD PASSWORD {p1} ALIAS ggsrc DOMAIN OracleGoldenGate
ALTER CREDENTIALSTORE ADD USER ggadmin@ORCLDR PASSWORD {p2} ALIAS ggtgt DOMAIN OracleGoldenGate
DBLOGIN USERIDALIAS ggsrc
ADD TRANDATA APP_OWNER.*
""", [p1, p2])

    p1 = pw()
    add("weblogic/wlst/deploy_orders.py", "weblogic-wlst-connect", f"""# java weblogic.WLST deploy_orders.py
connect('weblogic', '{p1}', 't3://wls-admin.corp.fabrikam.lan:7001')
edit()
startEdit()
deploy('orders', '/u01/deploy/orders-2.4.1.ear', targets='OrdersCluster')
save()
activate(block='true')
disconnect()
exit()
""", [p1])

    # ================================================================ WebSphere / Liberty / WildFly
    p1 = pw()
    add("websphere/profiles/Dmgr01/properties/soap.client.props", "websphere-soap-client-props", f"""#------------------------------------------------------------------------------
# SOAP Client Security Enablement
#------------------------------------------------------------------------------
com.ibm.SOAP.securityEnabled=true
com.ibm.SOAP.authenticationTarget=BasicAuth
com.ibm.SOAP.loginUserid=wasadmin
com.ibm.SOAP.loginPassword={p1}
com.ibm.SOAP.loginSource=properties
com.ibm.SOAP.requestTimeout=600
""", [p1])

    p1 = pw()
    add("ci/deploy-was.sh", "wsadmin-password", f"""#!/bin/bash
set -euo pipefail
EAR=target/claims-web.ear
/opt/IBM/WebSphere/AppServer/bin/wsadmin.sh -lang jython -conntype SOAP \\
  -host was-dmgr01.corp.fabrikam.lan -port 8879 \\
  -user wasadmin -password {p1} \\
  -f scripts/update_app.py claims-web "$EAR"
""", [p1])

    p1, p2, p3 = pw(), pw(), pw()
    add("liberty/src/main/liberty/config/server.xml", "liberty-server-xml", f"""<server description="claims service">
    <featureManager>
        <feature>jakartaee-10.0</feature>
        <feature>adminCenter-1.0</feature>
    </featureManager>

    <basicRegistry id="basic" realm="BasicRealm">
        <user name="admin" password="{p1}" />
    </basicRegistry>
    <administrator-role><user>admin</user></administrator-role>

    <keyStore id="defaultKeyStore" location="key.p12" password="{p2}" />

    <dataSource jndiName="jdbc/claims">
        <jdbcDriver libraryRef="db2lib" />
        <properties.db2.jcc databaseName="CLAIMS" serverName="db2prd.corp.fabrikam.lan" portNumber="50000"
                            user="claimsapp" password="{p3}" />
    </dataSource>
</server>
""", [p1, p2, p3])

    h1, h2 = g.hex(32), g.hex(32)
    add("wildfly/standalone/configuration/mgmt-users.properties", "wildfly-mgmt-users", f"""#
# Properties declaration of users for the realm 'ManagementRealm' which is the default realm
# for new installations. Each line is username=HEX( MD5( username ':' realm ':' password))
#
#$REALM_NAME=ManagementRealm$
admin={h1}
deployer={h2}
""", [h1, h2])

    p1, p2 = pw(), pw()
    add("wildfly/bin/provision.sh", "jboss-cli-add-user", f"""#!/bin/bash
JBOSS_HOME=/opt/wildfly
$JBOSS_HOME/bin/add-user.sh -u monitor -p {p1} -g Monitor --silent
$JBOSS_HOME/bin/jboss-cli.sh --connect --controller=wf01.corp.fabrikam.lan:9990 \\
  --user=admin --password={p2} --file=config/datasources.cli
""", [p1, p2])

    # ================================================================ IIS / Web Deploy
    p1 = pw()
    add("iis/setup-apppools.cmd", "iis-appcmd-processmodel", f"""@echo off
set APPCMD=%windir%\\system32\\inetsrv\\appcmd.exe
%APPCMD% add apppool /name:Orders /managedRuntimeVersion:v4.0
%APPCMD% set apppool /apppool.name:Orders /processModel.identityType:SpecificUser /processModel.userName:FABRIKAM\\svc_orders /processModel.password:{p1}
%APPCMD% set app "Default Web Site/orders" /applicationPool:Orders
""", [p1])

    p1 = g.b64(45)
    add("Orders.Api/Properties/orders-api-prod.PublishSettings", "azure-publishsettings", f"""<publishData><publishProfile profileName="orders-api-prod - Web Deploy" publishMethod="MSDeploy" publishUrl="orders-api-prod.scm.azurewebsites.net:443" msdeploySite="orders-api-prod" userName="$orders-api-prod" userPWD="{p1}" destinationAppUrl="https://orders-api-prod.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="https://portal.azure.com" webSystem="WebSites"><databases /></publishProfile><publishProfile profileName="orders-api-prod - FTP" publishMethod="FTP" publishUrl="ftps://waws-prod-am2-123.ftp.azurewebsites.windows.net/site/wwwroot" ftpPassiveMode="True" userName="orders-api-prod\\$orders-api-prod" userPWD="{p1}" destinationAppUrl="https://orders-api-prod.azurewebsites.net" SQLServerDBConnectionString="" mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="https://portal.azure.com" webSystem="WebSites"><databases /></publishProfile></publishData>
""", [p1])

    p1 = pw()
    add("build/deploy-intranet.cmd", "msdeploy-dest-password", f"""@echo off
"C:\\Program Files\\IIS\\Microsoft Web Deploy V3\\msdeploy.exe" -verb:sync ^
  -source:package="%~dp0Intranet.zip" ^
  -dest:auto,computerName="https://web01.corp.fabrikam.lan:8172/msdeploy.axd?site=Intranet",userName="FABRIKAM\\svc_webdeploy",password="{p1}",authtype="Basic",includeAcls="False" ^
  -allowUntrusted -enableRule:AppOffline
""", [p1])

    # ================================================================ VMware
    p1 = pw()
    add("vmware/tools/snapshot_report.py", "pyvmomi-smartconnect", f"""from pyVim.connect import SmartConnect, Disconnect
from pyVmomi import vim
import atexit

si = SmartConnect(host="vc01.corp.fabrikam.lan", user="svc_report@vsphere.local",
                  pwd="{p1}", disableSslCertValidation=True)
atexit.register(Disconnect, si)
content = si.RetrieveContent()
view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
for vm in view.view:
    if vm.snapshot:
        print(vm.name, len(vm.snapshot.rootSnapshotList))
""", [p1])

    p1, p2, p3 = pw(), pw(), pw()
    add("vmware/vcsa/vcsa-prod-embedded.json", "vcsa-cli-installer-template", json.dumps({
        "__version": "2.13.0",
        "__comments": "Deploy vCenter Server Appliance with embedded PSC on esx01",
        "new_vcsa": {
            "esxi": {"hostname": "esx01.corp.fabrikam.lan", "username": "root", "password": p1,
                     "deployment_network": "VM Network", "datastore": "ds-ssd-01"},
            "appliance": {"thin_disk_mode": True, "deployment_option": "small", "name": "vc01"},
            "network": {"ip_family": "ipv4", "mode": "static", "ip": "10.20.0.10",
                        "dns_servers": ["10.20.0.2"], "prefix": "24", "gateway": "10.20.0.1",
                        "system_name": "vc01.corp.fabrikam.lan"},
            "os": {"password": p2, "ntp_servers": "10.20.0.2", "ssh_enable": True},
            "sso": {"password": p3, "domain_name": "vsphere.local"}},
        "ceip": {"settings": {"ceip_enabled": False}}}, indent=4) + "\n", [p1, p2, p3])

    p1 = plain()
    add("vmware/deploy-appliance.sh", "ovftool-vi-url", f"""#!/bin/bash
ovftool --noSSLVerify --acceptAllEulas --powerOn --name=log-collector01 \\
  --datastore=ds-ssd-01 --network="VM Network" \\
  ./LogCollector-8.14.ova \\
  "vi://administrator%40vsphere.local:{p1}@vc01.corp.fabrikam.lan/DC01/host/Cluster01"
""", [p1])

    p1, p2 = pw(), pw()
    add("vmware/powercli/Set-HostCredentials.ps1", "powercli-credential-store", f"""Import-Module VMware.PowerCLI
New-VICredentialStoreItem -Host vc01.corp.fabrikam.lan -User "svc_automation@vsphere.local" -Password '{p1}'
Connect-VIServer -Server vc01.corp.fabrikam.lan
foreach ($vmhost in Get-VMHost) {{
    $esx = Connect-VIServer -Server $vmhost.Name -User root -Password '{p2}' -NotDefault
    Set-VMHostAccount -Server $esx -UserAccount (Get-VMHostAccount -Server $esx -Id root) -Password '{p2}'
    Disconnect-VIServer -Server $esx -Confirm:$false
}}
""", [p1, p2])

    # ================================================================ Windows administration
    p1 = pw()
    add("dsc/output/WEB01.mof", "dsc-mof-plaintext-credential", f"""/*
@TargetNode='WEB01'
@GeneratedBy=adm_jdoe
@GenerationDate=03/11/2024 14:02:17
@GenerationHost=ADMIN01
*/

instance of MSFT_Credential as $MSFT_Credential1ref
{{
Password = "{p1}";
 UserName = "FABRIKAM\\\\svc_webapp";

}};

instance of MSFT_UserResource as $MSFT_UserResource1ref
{{
ResourceID = "[User]AppUser";
 UserName = "svc_webapp";
 Password = $MSFT_Credential1ref;
 Ensure = "Present";
 ModuleName = "PSDesiredStateConfiguration";
 ModuleVersion = "1.0";
 ConfigurationName = "WebServer";
}};
""", [p1])

    p1 = pw()
    add("kiosk/autologon.reg", "windows-autologon-reg", f"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]
"AutoAdminLogon"="1"
"DefaultUserName"="kiosk"
"DefaultDomainName"="LOBBY01"
"DefaultPassword"="{p1}"
""", [p1])

    p1 = pw()
    add("DeploymentShare/Control/Bootstrap.ini", "mdt-bootstrap-ini", f"""[Settings]
Priority=Default

[Default]
DeployRoot=\\\\MDT01\\DeploymentShare$
UserID=svc_mdt
UserDomain=FABRIKAM
UserPassword={p1}
KeyboardLocale=de-DE
SkipBDDWelcome=YES
""", [p1])

    p1, p2, p3 = pw(), pw(), pw()
    add("sql/install/ConfigurationFile.ini", "sqlserver-configurationfile-ini", f""";SQL Server 2019 Configuration File
[OPTIONS]
ACTION="Install"
FEATURES=SQLENGINE,FULLTEXT
INSTANCENAME="MSSQLSERVER"
SQLSVCACCOUNT="FABRIKAM\\svc_sqlengine"
SQLSVCPASSWORD="{p1}"
AGTSVCACCOUNT="FABRIKAM\\svc_sqlagent"
AGTSVCPASSWORD="{p2}"
AGTSVCSTARTUPTYPE="Automatic"
SQLSYSADMINACCOUNTS="FABRIKAM\\SQL-Admins"
SECURITYMODE="SQL"
SAPWD="{p3}"
TCPENABLED="1"
IACCEPTSQLSERVERLICENSETERMS="True"
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("ad/build/dcpromo-answer.txt", "dcpromo-unattend", f"""[DCINSTALL]
ReplicaOrNewDomain=Replica
ReplicaDomainDNSName=corp.fabrikam.lan
SiteName=Berlin
InstallDNS=Yes
ConfirmGc=Yes
UserDomain=corp.fabrikam.lan
UserName=adm_builder
Password={p1}
DatabasePath="D:\\NTDS"
LogPath="D:\\NTDS\\Logs"
SYSVOLPath="D:\\SYSVOL"
SafeModeAdminPassword={p2}
RebootOnCompletion=Yes
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("ad/scripts/create-service-accounts.cmd", "dsadd-ktpass", f"""@echo off
dsadd user "CN=svc_backup,OU=Service Accounts,DC=corp,DC=fabrikam,DC=lan" -samid svc_backup -pwd {p1} -mustchpwd no -pwdneverexpires yes -disabled no
ktpass -princ HTTP/intranet.corp.fabrikam.lan@CORP.FABRIKAM.LAN -mapuser CORP\\svc_intranet -pass {p2} -crypto AES256-SHA1 -ptype KRB5_NT_PRINCIPAL -out C:\\temp\\intranet.keytab
""", [p1, p2])

    s1 = g.b64(32)
    add("sharepoint/Sync-HrSite.ps1", "pnp-connect-clientsecret", f"""Import-Module PnP.PowerShell
$siteUrl = "https://fabrikamcorp.sharepoint.com/sites/HR"
Connect-PnPOnline -Url $siteUrl -ClientId "{uuid()}" -ClientSecret "{s1}" -WarningAction Ignore
Get-PnPListItem -List "Onboarding" -PageSize 500 | ForEach-Object {{ $_.FieldValues.Title }}
""", [s1])

    p1, p2 = pw(), pw()
    add("sharepoint/farm/01-create-config-db.cmd", "sharepoint-psconfig", f"""@echo off
cd /d "C:\\Program Files\\Common Files\\microsoft shared\\Web Server Extensions\\16\\BIN"
psconfig.exe -cmd configdb -create -server SQLSP01 -database SP_Config -user CORP\\sp_farm -password {p1} -passphrase {p2} -admincontentdatabase SP_AdminContent
psconfig.exe -cmd helpcollections -installall
psconfig.exe -cmd secureresources
""", [p1, p2])

    p1 = pw()
    add("ssis/config/LoadWarehouse.dtsConfig", "ssis-dtsconfig", f"""<?xml version="1.0"?>
<DTSConfiguration>
  <DTSConfigurationHeading>
    <DTSConfigurationFileInfo GeneratedBy="CORP\\adm_bi" GeneratedFromPackageName="LoadWarehouse" GeneratedDate="2/14/2023 9:41:07 AM"/>
  </DTSConfigurationHeading>
  <Configuration ConfiguredType="Property" Path="\\Package.Connections[ERP_SOURCE].Properties[ServerName]" ValueType="String">
    <ConfiguredValue>erp-sql01.corp.fabrikam.lan</ConfiguredValue>
  </Configuration>
  <Configuration ConfiguredType="Property" Path="\\Package.Connections[ERP_SOURCE].Properties[Password]" ValueType="String">
    <ConfiguredValue>{p1}</ConfiguredValue>
  </Configuration>
</DTSConfiguration>
""", [p1])

    # ================================================================ Citrix
    i1, s1 = uuid(), g.b64(16)
    add("citrix/cloud/secureclient.csv", "citrix-cloud-secureclient-csv", f"""ID,Secret
{i1},{s1}
""", [s1])

    s1 = g.b64(16)
    add("citrix/scripts/Report-Sessions.ps1", "citrix-set-xdcredentials", f"""Add-PSSnapin Citrix*
Set-XDCredentials -CustomerId "fabrikamcorp" -APIKey "{uuid()}" -SecretKey "{s1}" -ProfileType CloudApi -StoreAs "default"
Get-BrokerSession -MaxRecordCount 5000 | Group-Object DesktopGroupName | Select-Object Name, Count
""", [s1])

    # ================================================================ identity, SaaS, Atlassian
    t1 = "00" + g.chars(B64URL, 40)
    add("home/jdoe/.okta/okta.yaml", "okta-yaml", f"""okta:
  client:
    orgUrl: "https://fabrikam.okta.com"
    token: "{t1}"
    connectionTimeout: 30
""", [t1])

    p1 = pw()
    s1 = g.chars(string.ascii_lowercase + string.digits, 64)
    t1 = g.chars(string.ascii_lowercase + string.digits, 88)
    add("integrations/workday/config/prod.yml", "workday-integration-config", f"""workday:
  tenant: fabrikam_prod
  wsdl_base: https://wd3-impl-services1.workday.com/ccx/service/fabrikam_prod
  isu_username: ISU_HR_Sync@fabrikam_prod
  isu_password: "{p1}"
  rest:
    client_id: {g.b64(36)[:48]}
    client_secret: {s1}
    refresh_token: {t1}
    token_url: https://wd3-impl-services1.workday.com/ccx/oauth2/fabrikam_prod/token
""", [p1, s1, t1])

    t1 = g.b64url(43)
    add("provisioning/scim-connector.yml", "scim-connector-bearer", f"""scim:
  base_url: https://api.timetrack-saas.io/scim/v2
  auth:
    type: bearer
    token: {t1}
  sync:
    users: true
    groups: true
    source_group: "APP-Timetrack-Users"
""", [t1])

    p1 = pw()
    add("var/atlassian/application-data/confluence/confluence.cfg.xml", "confluence-cfg-xml", f"""<?xml version="1.0" encoding="UTF-8"?>

<confluence-configuration>
  <setupStep>complete</setupStep>
  <setupType>custom</setupType>
  <buildNumber>9012</buildNumber>
  <properties>
    <property name="confluence.database.choice">postgresql</property>
    <property name="hibernate.connection.driver_class">org.postgresql.Driver</property>
    <property name="hibernate.connection.url">jdbc:postgresql://pg-atl01.corp.fabrikam.lan:5432/confluence</property>
    <property name="hibernate.connection.username">confluenceuser</property>
    <property name="hibernate.connection.password">{p1}</property>
    <property name="hibernate.c3p0.max_size">60</property>
  </properties>
</confluence-configuration>
""", [p1])

    p1, p2 = pw(), pw()
    add("var/atlassian/application-data/bitbucket/shared/bitbucket.properties", "bitbucket-properties", f"""jdbc.driver=org.postgresql.Driver
jdbc.url=jdbc:postgresql://pg-atl01.corp.fabrikam.lan:5432/bitbucket
jdbc.user=bitbucketuser
jdbc.password={p1}
setup.displayName=Fabrikam Bitbucket
setup.baseUrl=https://git.fabrikam.de
setup.sysadmin.username=bbadmin
setup.sysadmin.password={p2}
setup.sysadmin.emailAddress=it-tools@fabrikam.de
""", [p1, p2])

    c1, s1, t1, t2 = g.hex(64), g.hex(64), g.hex(64), g.hex(64)
    add("erp/netsuite/settings.py", "netsuite-tba-settings", f"""NETSUITE_ACCOUNT = "5123456_SB1"
NETSUITE_CONSUMER_KEY = "{c1}"
NETSUITE_CONSUMER_SECRET = "{s1}"
NETSUITE_TOKEN_ID = "{t1}"
NETSUITE_TOKEN_SECRET = "{t2}"
RESTLET_URL = "https://5123456-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=1187&deploy=1"
""", [c1, s1, t1, t2])

    # ================================================================ negatives
    add("neg/b20/oracle/network/admin/tnsnames.ora", "neg-tnsnames-ora", """ORCLPRD =
  (DESCRIPTION =
    (ADDRESS = (PROTOCOL = TCP)(HOST = ora-prd-scan.corp.fabrikam.lan)(PORT = 1521))
    (CONNECT_DATA =
      (SERVER = DEDICATED)
      (SERVICE_NAME = orclprd.corp.fabrikam.lan)
    )
  )
""", negative=True)

    add("neg/b20/basis/hana/backup.sh", "neg-hdbuserstore-key", """#!/bin/sh
# the SYSTEM password lives in the secure user store (hdbuserstore SET BACKUPKEY ...), never here
/usr/sap/hdbclient/hdbuserstore LIST BACKUPKEY
/usr/sap/hdbclient/hdbsql -U BACKUPKEY "BACKUP DATA USING FILE ('COMPLETE_DATA_BACKUP')"
/usr/sap/hdbclient/hdbsql -n hana01:30015 -u ADMIN_BACKUP -p "$HANA_BACKUP_PASSWORD" "SELECT 1 FROM DUMMY"
""", negative=True)

    add("neg/b20/.github/workflows/sfdx-deploy.yml", "neg-sfdx-auth-secret", """name: deploy
on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm install -g @salesforce/cli
      - run: echo "${{ secrets.SFDX_AUTH_URL }}" > ./authurl.txt
      - run: sf org login sfdx-url --sfdx-url-file ./authurl.txt --set-default
      - run: sf project deploy start --test-level RunLocalTests
""", negative=True)

    add("neg/b20/salesforce-ant/build.properties", "neg-sf-ant-template", """# Specify the login credentials for the desired Salesforce organization
sf.username = <Insert your Salesforce username here>
sf.password = <Insert your Salesforce password here>
#sf.sessionId = <Insert your Salesforce session id here.  Use this or username/password above.>
sf.serverurl = https://login.salesforce.com
sf.maxPoll = 20
""", negative=True)

    add("neg/b20/servicenow/mid/agent/config.xml", "neg-mid-encrypted", """<?xml version="1.0" encoding="UTF-8"?>
<parameters>
    <parameter name="url" value="https://fabrikam.service-now.com/"/>
    <parameter name="mid.instance.username" value="svc_mid_prod"/>
    <parameter name="mid.instance.password" secure="true" value="encrypted:%s"/>
    <parameter name="name" value="MID-PRD-01"/>
</parameters>
""" % g.b64(48), negative=True)

    add("neg/b20/dsc/output/WEB02.mof", "neg-dsc-mof-encrypted", """instance of MSFT_Credential as $MSFT_Credential1ref
{
Password = "-----BEGIN CMS-----\\n%s\\n-----END CMS-----";
 UserName = "FABRIKAM\\\\svc_webapp";

};
""" % g.b64(240), negative=True)

    add("neg/b20/wildfly/standalone/configuration/mgmt-users.properties", "neg-wildfly-mgmt-users-empty", """#
# Properties declaration of users for the realm 'ManagementRealm'.
# Users can be added to this properties file at any time, updates after the server has started
# will be automatically detected. Use add-user.sh to add users; each entry is
# username=HEX( MD5( username ':' realm ':' password))
#
#$REALM_NAME=ManagementRealm$
""", negative=True)

    add("neg/b20/src/Crm.Sync/appsettings.Release.json", "neg-dataverse-token-replace", json.dumps({
        "ConnectionStrings": {
            "Dataverse": "AuthType=ClientSecret;Url=#{DataverseUrl}#;ClientId=#{DataverseClientId}#;ClientSecret=#{DataverseClientSecret}#"},
        "Sync": {"BatchSize": 500}}, indent=2) + "\n", negative=True)

    add("neg/b20/vmware/vcsa/vcsa-template.json", "neg-vcsa-template", json.dumps({
        "__version": "2.13.0",
        "new_vcsa": {
            "esxi": {"hostname": "<FQDN or IP address of the ESXi host>", "username": "root",
                     "password": "<ESXi host password>"},
            "os": {"password": "<Appliance root password>", "ssh_enable": False},
            "sso": {"password": "<vCenter Single Sign-On administrator password>",
                    "domain_name": "vsphere.local"}}}, indent=4) + "\n", negative=True)

    add("neg/b20/kiosk/disable-autologon.reg", "neg-autologon-delete", """Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]
"AutoAdminLogon"="0"
"DefaultUserName"="kiosk"
"DefaultPassword"=-
""", negative=True)

    add("neg/b20/DeploymentShare/Control/Bootstrap.ini", "neg-mdt-bootstrap-prompt", """[Settings]
Priority=Default

[Default]
DeployRoot=\\\\MDT01\\DeploymentShare$
UserDomain=FABRIKAM
UserID=
UserPassword=
SkipBDDWelcome=YES
""", negative=True)

    add("neg/b20/home/jdoe/.okta/okta.yaml", "neg-okta-yaml-placeholder", """okta:
  client:
    orgUrl: "https://{yourOktaDomain}"
    token: "{apiToken}"
""", negative=True)

    add("neg/b20/sapmnt/PRD/profile/DEFAULT.PFL", "neg-sap-default-profile", """SAPDBHOST = sapprd-db
j2ee/dbtype = hdb
j2ee/dbname = PRD
rsdb/ssfs_connect = 1
login/min_password_lng = 10
login/password_expiration_time = 90
login/password_max_idle_productive = 180
login/disable_password_logon = 0
icm/server_port_0 = PROT=HTTPS,PORT=443$$,TIMEOUT=600
""", negative=True)