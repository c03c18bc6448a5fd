"""Tenth batch of the real-world set: Windows, enterprise and legacy admin files, and credential
stores and exports.

Written blind (committed before any scanner ran on it) from how these files look in the wild:
Group Policy Preferences XML with `cpassword` (Groups, ScheduledTasks, Services, DataSources,
Drives: the AES key is published, so a cpassword is a plaintext password), mRemoteNG
`confCons.xml`, PuTTY (`ProxyPassword`) and WinSCP sessions as `.reg` exports, a VNC viewer file,
FreeRDP `/p:` and `cmdkey /generic:TERMSRV`, an ODBC file DSN and a `.udl` file, Oracle (sqlplus
and expdp `user/pass@tns` in a ksh script, `conn` / `CONNECT` lines in `.sql`, a JDBC thin URL with
`user/pass@`, a connect-string file), IIS `applicationHost.config` identities, `web.config`
impersonation and `machineKey`, `sysprep.inf`, `autounattend.xml` (domain-join `Credentials` and a
base64 `PlainText=false` AutoLogon value), MDT `CustomSettings.ini`, `sc config password=` and
`schtasks /rp`, psexec / wmic / winrs, PowerShell (piped `ConvertTo-SecureString`,
`[pscredential]::new`, `Invoke-Sqlcmd -Password`, `New-LocalUser`, `Set-ADAccountPassword`,
PowerCLI `Connect-VIServer`), LDAP clients (`pam_ldap.conf`, Apache `AuthLDAPBindPassword`,
`olcSyncrepl credentials=`), an autofs CIFS map, Java application servers (WildFly datasource and
Elytron `clear-text`, WebLogic `boot.properties`, WebSphere `{xor}`, a GlassFish password file,
Jetty realm `OBF:` and plain), Jenkins `credentials.xml` with plain values, password-manager CSV
exports (LastPass, Bitwarden, 1Password with `otpauth://`), a KeePass `.keyx` key file, BMC tooling
(iLO RIBCL, racadm), and network devices (Cisco type 0 / `enable password` / line password,
MikroTik `.rsc`, FortiGate CLI, pfSense `config.xml`). Negatives: the same files as the products
really store them encrypted (DPAPI in `.rdp` / `.rdg` / `Export-Clixml`, WebLogic `{AES256}`,
Jenkins `{AQAAAB…}`, IIS `[enc:…:enc]`), an emptied GPP `cpassword`, vault and credential-store
references, Oracle wallet logins (`/@TNS`), RANCID `<removed>` configs, Ansible variables and an
empty export template.
"""

import base64

from shapes import without


def build_tenth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&,;')

    def pw():
        return q(g.password())

    plain = g.url_password

    def human():
        words = ["Winter", "Summer", "Spring", "Welcome", "Fabrikam", "Dragon", "Harbor", "Falcon",
                 "Maple", "Orion", "Printer", "Pumpkin", "Monday", "Baltic", "Cobalt", "Service"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2009, 2026)) + r.choice("!#@?*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "@").replace("e", "3").replace("i", "1")
            return leet + r.choice("#!") + str(r.randint(1, 99))
        return w + r.choice(["123", "01", "2k19", "#1"]) + r.choice("!?.")

    def guid():
        h = g.hex(32).upper()
        return "{%s-%s-%s-%s-%s}" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])

    def cpassword():
        # base64 of AES-256-CBC ciphertext, GPP strips the '=' padding
        return g.b64(16 * r.randint(1, 3)).rstrip("=")

    upper_hex = g.upper_hex

    def xor_was(p):
        return "{xor}" + base64.b64encode(bytes(ord(c) ^ 0x5F for c in p)).decode()

    def jetty_obf(p):
        b = p.encode()
        out = []
        for i in range(len(b)):
            b1, b2 = b[i], b[len(b) - (i + 1)]
            i0 = (127 + b1 + b2) * 256 + (127 + b1 - b2)
            s = ""
            while i0:
                s = "0123456789abcdefghijklmnopqrstuvwxyz"[i0 % 36] + s
                i0 //= 36
            out.append(s.rjust(4, "0"))
        return "OBF:" + "".join(out)

    def unattend_b64(p, suffix):
        return base64.b64encode((p + suffix).encode("utf-16-le")).decode()

    def dpapi_hex(n):
        return "01000000D08C9DDF0115D1118C7A00C04FC297EB01000000" + upper_hex(n)

    # ================================================================ Group Policy Preferences
    pol = "SYSVOL/fabrikam.lan/Policies/" + guid()
    c1, c2 = cpassword(), cpassword()
    add(pol + "/Machine/Preferences/Groups/Groups.xml", "gpp-groups-xml", f"""<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{{3125E937-EB16-4b4c-9934-544FC6D24D26}}"><User clsid="{{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}}" name="LocalAdmin" image="2" changed="2013-07-04 09:12:44" uid="{guid()}"><Properties action="U" newName="" fullName="Local Administrator" description="" cpassword="{c1}" changeLogon="0" noChange="1" neverExpires="1" acctDisabled="0" userName="LocalAdmin"/></User>
	<User clsid="{{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}}" name="helpdesk" image="2" changed="2014-01-21 15:40:02" uid="{guid()}"><Properties action="U" newName="" fullName="" description="Helpdesk local account" cpassword="{c2}" changeLogon="0" noChange="0" neverExpires="1" acctDisabled="0" userName="helpdesk"/></User>
</Groups>
""", [c1, c2])

    c1 = cpassword()
    add(pol + "/Machine/Preferences/ScheduledTasks/ScheduledTasks.xml", "gpp-scheduledtasks-xml", f"""<?xml version="1.0" encoding="utf-8"?>
<ScheduledTasks clsid="{{CC63F200-7309-4ba0-B154-A71CD118DBCC}}"><TaskV2 clsid="{{D8896631-B747-47a7-84A6-C155337F3BC8}}" name="Nightly Inventory" image="0" changed="2015-03-02 22:10:51" uid="{guid()}" userContext="0" removePolicy="0"><Properties action="C" name="Nightly Inventory" runAs="FABRIKAM\\svc_inventory" cpassword="{c1}" logonType="Password"><Task version="1.2"><RegistrationInfo><Author>FABRIKAM\\adm_jdoe</Author><Description>Collects hardware inventory</Description></RegistrationInfo><Principals><Principal id="Author"><UserId>FABRIKAM\\svc_inventory</UserId><LogonType>Password</LogonType><RunLevel>HighestAvailable</RunLevel></Principal></Principals><Actions Context="Author"><Exec><Command>\\\\fabrikam.lan\\NETLOGON\\inventory.cmd</Command></Exec></Actions></Task></Properties></TaskV2>
</ScheduledTasks>
""", [c1])

    c1 = cpassword()
    add(pol + "/Machine/Preferences/Services/Services.xml", "gpp-services-xml", f"""<?xml version="1.0" encoding="utf-8"?>
<NTServices clsid="{{2CFB484A-4E96-4b5d-A0B6-093D2F91E6AE}}"><NTService clsid="{{AB6F0B67-341F-4e51-92F9-005FBFBA1A43}}" name="BackupAgent" image="4" changed="2014-05-12 08:03:19" uid="{guid()}"><Properties startupType="AUTOMATIC" serviceName="BackupAgent" serviceAction="START" timeout="30" accountName="FABRIKAM\\svc_backup" cpassword="{c1}" interact="0" firstFailure="RESTART" secondFailure="RESTART" thirdFailure="NOACTION"/></NTService>
</NTServices>
""", [c1])

    c1 = cpassword()
    add(pol + "/User/Preferences/DataSources/DataSources.xml", "gpp-datasources-xml", f"""<?xml version="1.0" encoding="utf-8"?>
<DataSources clsid="{{380F820F-F21B-41ac-A3CC-24D4F80F067B}}"><DataSource clsid="{{5C209626-D820-4d69-8D50-1FACD6214488}}" userContext="1" name="Finance" image="0" changed="2012-11-30 10:44:07" uid="{guid()}"><Properties action="U" userDSN="0" dsn="Finance" driver="SQL Server" description="Finance reporting" username="fin_report" cpassword="{c1}"><Attributes><Attribute name="SERVER" value="sql01.fabrikam.lan"/><Attribute name="DATABASE" value="Finance"/></Attributes></Properties></DataSource>
</DataSources>
""", [c1])

    c1 = cpassword()
    add(pol + "/User/Preferences/Drives/Drives.xml", "gpp-drives-xml", f"""<?xml version="1.0" encoding="utf-8"?>
<Drives clsid="{{8FDDCC1A-0C3C-43cd-A6B4-71A6DF20DA8C}}"><Drive clsid="{{935D1B74-9CB8-4e3c-9914-7DD559B7A417}}" name="S:" status="S:" image="2" changed="2013-09-18 13:27:55" uid="{guid()}" bypassErrors="1"><Properties action="U" thisDrive="NOCHANGE" allDrives="NOCHANGE" userName="FABRIKAM\\svc_scan" cpassword="{c1}" path="\\\\fs01.fabrikam.lan\\scans" label="Scans" persistent="1" useLetter="1" letter="S"/></Drive>
</Drives>
""", [c1])

    # ================================================================ remote access clients
    m1, m2 = g.b64(48 + r.randint(0, 16)), g.b64(48 + r.randint(0, 16))
    add("home/jdoe/AppData/Roaming/mRemoteNG/confCons.xml", "mremoteng-confcons", f"""<?xml version="1.0" encoding="utf-8"?>
<mrng:Connections xmlns:mrng="http://mremoteng.org" Name="Connections" Export="false" EncryptionEngine="AES" BlockCipherMode="GCM" KdfIterations="1000" FullFileEncryption="false" Protected="{g.b64(64)}" ConfVersion="2.6">
    <Node Name="Domain Controllers" Type="Container" Expanded="true" Descr="" Icon="mRemoteNG" Panel="General" Id="{guid()[1:-1].lower()}" Username="" Domain="" Password="" Hostname="" Protocol="RDP">
        <Node Name="DC01" Type="Connection" Descr="" Icon="mRemoteNG" Panel="General" Id="{guid()[1:-1].lower()}" Username="adm_jdoe" Domain="FABRIKAM" Password="{m1}" Hostname="dc01.fabrikam.lan" Protocol="RDP" PuttySession="Default Settings" Port="3389" ConnectToConsole="false" UseCredSsp="true" RenderingEngine="IE" ResolutionType="FitToWindow" />
    </Node>
    <Node Name="core-sw01" Type="Connection" Descr="" Icon="Network" Panel="General" Id="{guid()[1:-1].lower()}" Username="netops" Domain="" Password="{m2}" Hostname="10.20.0.2" Protocol="SSH2" PuttySession="Default Settings" Port="22" />
</mrng:Connections>
""", [m1, m2])

    p1 = pw()
    add("backup/workstation/putty-sessions.reg", "putty-reg-export", f"""Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\bastion-prod]
"HostName"="bastion.fabrikam.org"
"PortNumber"=dword:00000016
"UserName"="ops"
"Protocol"="ssh"
"ProxyMethod"=dword:00000003
"ProxyHost"="proxy.fabrikam.lan"
"ProxyPort"=dword:00000c38
"ProxyUsername"="svc_proxy"
"ProxyPassword"="{p1}"
"PublicKeyFile"="C:\\\\Users\\\\jdoe\\\\.ssh\\\\bastion.ppk"
""", [p1])

    wp = "A35C" + upper_hex(2 * r.randint(30, 44))
    add("backup/workstation/winscp-sessions.reg", "winscp-reg-export", f"""Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\deploy@web02]
"HostName"="web02.fabrikam.org"
"UserName"="deploy"
"PortNumber"=dword:00000016
"FSProtocol"=dword:00000002
"Password"="{wp}"
"RemoteDirectory"="/srv/www"
""", [wp])

    v1 = g.hex(16)
    add("it/remote/kiosk-lobby.vnc", "vnc-file", f"""[Connection]
Host=10.30.7.45::5900
Password={v1}
[Options]
UseLocalCursor=1
FullScreen=0
AutoSelect=1
PreferredEncoding=ZRLE
ColorLevel=full
Shared=1
""", [v1])

    p1, p2 = pw(), pw()
    add("scripts/rdp/connect-jumphost.sh", "freerdp-cmdkey", f"""#!/bin/sh
# jump host for the lab
xfreerdp /v:jump01.fabrikam.lan /u:FABRIKAM\\\\adm_ops /p:'{p1}' /cert:ignore /dynamic-resolution +clipboard
# windows side (run once on the admin box):
#   cmdkey /generic:TERMSRV/jump01.fabrikam.lan /user:FABRIKAM\\\\adm_ops /pass:"{p2}"
#   mstsc /v:jump01.fabrikam.lan
""", [p1, p2])

    # ================================================================ ODBC / OLE DB / Oracle
    p1 = plain()
    add("Finance/Reports/Finance.dsn", "odbc-file-dsn", f"""[ODBC]
DRIVER=SQL Server
UID=fin_report
PWD={p1}
DATABASE=Finance
WSID=WKS0421
APP=Microsoft Office 2016
SERVER=sql01.fabrikam.lan
""", [p1])

    p1 = plain()
    add("tools/inventory/Inventory.udl", "oledb-udl", f"""[oledb]
; Everything after this line is an OLE DB initstring
Provider=SQLOLEDB.1;Password={p1};Persist Security Info=True;User ID=sa;Initial Catalog=Inventory;Data Source=SQL02\\SQLEXPRESS
""", [p1])

    p1, p2 = plain(), plain()
    add("ops/oracle/nightly_extract.ksh", "oracle-sqlplus-script", f"""#!/bin/ksh
export ORACLE_HOME=/u01/app/oracle/product/19.0.0/dbhome_1
export ORACLE_SID=ORCLPRD
export PATH=$ORACLE_HOME/bin:$PATH

sqlplus -s app_owner/{p1}@ORCLPRD <<EOF
set pagesize 0 feedback off
spool /data/extract/orders_$(date +%Y%m%d).csv
@/ops/oracle/sql/orders_extract.sql
spool off
exit
EOF

expdp system/{p2}@ORCLPRD schemas=APP_OWNER directory=DATA_PUMP_DIR dumpfile=app_%U.dmp logfile=app_exp.log
""", [p1, p2])

    p1, p2 = plain(), plain()
    add("db/oracle/patches/2024_03_grants.sql", "oracle-sql-conn", f"""-- run as DBA, then as the schema owner
conn sys/{p2}@//db-ora01.fabrikam.lan:1521/ORCLPDB1 as sysdba
GRANT CREATE SESSION, CREATE VIEW TO reporting;
GRANT SELECT ANY DICTIONARY TO reporting;

CONNECT app_owner/{p1}@ORCLPDB1
CREATE OR REPLACE VIEW v_open_orders AS SELECT * FROM orders WHERE status = 'OPEN';
GRANT SELECT ON v_open_orders TO reporting;
""", [p1, p2])

    p1 = plain()
    add("ledger/src/main/webapp/META-INF/context.xml", "oracle-jdbc-thin-creds", f"""<?xml version="1.0" encoding="UTF-8"?>
<Context>
    <Resource name="jdbc/LedgerDS" auth="Container" type="javax.sql.DataSource"
              driverClassName="oracle.jdbc.OracleDriver"
              url="jdbc:oracle:thin:ledger/{p1}@db-ora01.fabrikam.lan:1521:LEDGER"
              maxTotal="20" maxIdle="5" validationQuery="select 1 from dual"/>
</Context>
""", [p1])

    p1, p2 = plain(), plain()
    add("home/oracle/scripts/.dbconnect", "oracle-connect-file", f"""# used by the backup and stats jobs: `sqlplus -s $(grep ^stats ~/.dbconnect | cut -d' ' -f2)`
stats perfstat/{p1}@ORCLPRD
rman sys/{p2}@ORCLPRD
""", [p1, p2])

    # ================================================================ IIS / ASP.NET
    p1, p2 = pw(), pw()
    add("backup/iis/web01/applicationHost.config", "iis-applicationhost-plain", f"""<configuration>
    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" />
            <add name="OrdersPool" managedRuntimeVersion="v4.0" startMode="AlwaysRunning">
                <processModel identityType="SpecificUser" userName="FABRIKAM\\svc_orders" password="{p1}" idleTimeout="00:00:00" />
            </add>
        </applicationPools>
        <sites>
            <site name="Files" id="2" serverAutoStart="true">
                <application path="/" applicationPool="OrdersPool">
                    <virtualDirectory path="/" physicalPath="\\\\fs01.fabrikam.lan\\web$\\files" userName="FABRIKAM\\svc_webfiles" password="{p2}" />
                </application>
                <bindings>
                    <binding protocol="https" bindingInformation="*:443:files.fabrikam.org" />
                </bindings>
            </site>
        </sites>
    </system.applicationHost>
</configuration>
""", [p1, p2])

    p1 = pw()
    add("Intranet/Web.config", "aspnet-identity-impersonate", f"""<?xml version="1.0"?>
<configuration>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <authentication mode="Windows" />
    <identity impersonate="true" userName="FABRIKAM\\svc_intranet" password="{p1}" />
  </system.web>
</configuration>
""", [p1])

    vk, dk = upper_hex(128), upper_hex(64)
    add("Portal/Web.config", "aspnet-machinekey", f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.web>
    <httpRuntime targetFramework="4.7.2" />
    <machineKey validationKey="{vk}"
                decryptionKey="{dk}"
                validation="HMACSHA256" decryption="AES" />
    <sessionState mode="InProc" timeout="30" />
  </system.web>
</configuration>
""", [vk, dk])

    # ================================================================ Windows deployment
    p1, p2 = human(), pw()
    add("deploy/xp-image/sysprep/sysprep.inf", "sysprep-inf", f""";SetupMgrTag
[Unattended]
    OemSkipEula=Yes
    InstallFilesPath=C:\\sysprep\\i386
    UpdateInstalledDrivers=Yes

[GuiUnattended]
    AdminPassword="{p1}"
    EncryptedAdminPassword=NO
    OEMSkipRegional=1
    TimeZone=85
    OemSkipWelcome=1

[UserData]
    FullName="Fabrikam IT"
    OrgName="Fabrikam Ltd"
    ComputerName=*

[Identification]
    JoinDomain=FABRIKAM
    DomainAdmin=svc_join
    DomainAdminPassword={p2}

[Networking]
    InstallDefaultComponents=Yes
""", [p1, p2])

    a1, a2 = human(), pw()
    b1 = unattend_b64(a1, "Password")
    add("deploy/win11/autounattend.xml", "autounattend-base64-domainjoin", f"""<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="specialize">
        <component name="Microsoft-Windows-UnattendedJoin" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
            <Identification>
                <Credentials>
                    <Domain>FABRIKAM</Domain>
                    <Password>{a2}</Password>
                    <Username>svc_join</Username>
                </Credentials>
                <JoinDomain>fabrikam.lan</JoinDomain>
                <MachineObjectOU>OU=Workstations,DC=fabrikam,DC=lan</MachineObjectOU>
            </Identification>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
            <AutoLogon>
                <Password>
                    <Value>{b1}</Value>
                    <PlainText>false</PlainText>
                </Password>
                <Enabled>true</Enabled>
                <LogonCount>1</LogonCount>
                <Username>Administrator</Username>
            </AutoLogon>
        </component>
    </settings>
</unattend>
""", [a2, b1])

    p1, p2 = human(), pw()
    add("DeploymentShare/Control/CustomSettings.ini", "mdt-customsettings", f"""[Settings]
Priority=Default
Properties=MyCustomProperty

[Default]
OSInstall=Y
SkipCapture=YES
SkipAdminPassword=YES
AdminPassword={p1}
SkipProductKey=YES
JoinDomain=fabrikam.lan
DomainAdmin=svc_mdtjoin
DomainAdminDomain=FABRIKAM
DomainAdminPassword={p2}
MachineObjectOU=OU=Workstations,DC=fabrikam,DC=lan
TimeZoneName=W. Europe Standard Time
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("scripts/install/register-etl.cmd", "windows-schtasks-sc", f"""@echo off
rem install the ETL service and its nightly task
sc.exe create OrdersEtl binPath= "C:\\etl\\OrdersEtl.exe" start= auto
sc.exe config OrdersEtl obj= "FABRIKAM\\svc_etl" password= "{p1}"
schtasks /create /tn "Orders ETL nightly" /tr "C:\\etl\\run-nightly.cmd" /sc daily /st 02:00 /ru FABRIKAM\\svc_etl /rp {p2} /f
""", [p1, p2])

    p1, p2, p3 = pw(), pw(), pw()
    add("scripts/ops/restart-app-tier.cmd", "windows-remote-exec", f"""@echo off
set TARGETS=app01 app02
psexec \\\\app01 -u FABRIKAM\\adm_ops -p {p1} -h cmd /c "net stop OrdersSvc && net start OrdersSvc"
wmic /node:app02 /user:FABRIKAM\\adm_ops /password:{p2} process call create "cmd /c iisreset"
winrs -r:app03.fabrikam.lan -u:FABRIKAM\\adm_ops -p:{p3} "ipconfig /flushdns"
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("scripts/backup/Backup-SqlDatabases.ps1", "powershell-pipe-securestring", f"""param([string]$Target = "\\\\nas01.fabrikam.lan\\sqlbackup")

$securePass = '{p1}' | ConvertTo-SecureString -AsPlainText -Force
$cred = [pscredential]::new('FABRIKAM\\svc_sqlbackup', $securePass)
New-PSDrive -Name B -PSProvider FileSystem -Root $Target -Credential $cred | Out-Null

Invoke-Sqlcmd -ServerInstance "sql01.fabrikam.lan" -Database master -Username "sa" -Password "{p2}" -Query "EXEC dbo.DatabaseBackup @Databases = 'USER_DATABASES', @Directory = 'B:\\'"
""", [p1, p2])

    p1, p2, p3 = human(), pw(), pw()
    add("scripts/provision/New-KioskHost.ps1", "powershell-provisioning", f"""Import-Module VMware.PowerCLI
Connect-VIServer -Server vc01.fabrikam.lan -User "administrator@vsphere.local" -Password '{p2}'
New-VM -Name kiosk-07 -Template win11-kiosk -VMHost esx03.fabrikam.lan

Invoke-Command -ComputerName kiosk-07 -ScriptBlock {{
    New-LocalUser -Name "kiosk" -Password (ConvertTo-SecureString "{p1}" -AsPlainText -Force) -PasswordNeverExpires
}}
Set-ADAccountPassword -Identity svc_kiosk -Reset -NewPassword (ConvertTo-SecureString -AsPlainText "{p3}" -Force)
""", [p1, p2, p3])

    # ================================================================ LDAP clients, autofs
    p1 = plain()
    add("etc/pam_ldap.conf", "pam-ldap-conf", f"""host ldap01.fabrikam.lan ldap02.fabrikam.lan
base dc=fabrikam,dc=lan
ldap_version 3
binddn cn=proxyagent,ou=svc,dc=fabrikam,dc=lan
bindpw {p1}
rootbinddn cn=admin,dc=fabrikam,dc=lan
pam_password md5
nss_base_passwd ou=People,dc=fabrikam,dc=lan?one
""", [p1])

    p1 = q(g.password())
    add("etc/apache2/sites-available/intranet.conf", "apache-authldap", f"""<VirtualHost *:443>
    ServerName intranet.fabrikam.org
    DocumentRoot /var/www/intranet
    <Location />
        AuthType Basic
        AuthName "Fabrikam intranet"
        AuthBasicProvider ldap
        AuthLDAPURL "ldaps://dc01.fabrikam.lan/OU=Staff,DC=fabrikam,DC=lan?sAMAccountName?sub?(objectClass=user)"
        AuthLDAPBindDN "CN=svc_apache,OU=Service,DC=fabrikam,DC=lan"
        AuthLDAPBindPassword "{p1}"
        Require valid-user
    </Location>
</VirtualHost>
""", [p1])

    p1 = plain()
    add("ldap/config/syncrepl-consumer.ldif", "openldap-syncrepl", f"""dn: olcDatabase={{1}}mdb,cn=config
changetype: modify
add: olcSyncrepl
olcSyncrepl: {{0}}rid=001 provider=ldaps://ldap01.fabrikam.lan bindmethod=simple binddn="cn=replicator,dc=fabrikam,dc=lan" credentials={p1} searchbase="dc=fabrikam,dc=lan" type=refreshAndPersist retry="60 +" timeout=1
-
add: olcUpdateRef
olcUpdateRef: ldaps://ldap01.fabrikam.lan
""", [p1])

    p1, p2 = plain(), plain()
    add("etc/auto.cifs", "autofs-cifs-map", f"""# /etc/auto.master: /mnt/nas /etc/auto.cifs --timeout=300
media    -fstype=cifs,rw,username=media,password={p1},uid=1000,gid=1000,iocharset=utf8    ://nas01.fabrikam.lan/media
finance  -fstype=cifs,rw,vers=3.0,user=svc_fin,pass={p2},domain=FABRIKAM                    ://fs01.fabrikam.lan/finance
""", [p1, p2])

    # ================================================================ Java application servers
    p1, p2 = plain(), plain()
    add("wildfly/standalone/configuration/standalone.xml", "wildfly-standalone-xml", f"""<?xml version='1.0' encoding='UTF-8'?>
<server xmlns="urn:jboss:domain:20.0">
    <profile>
        <subsystem xmlns="urn:jboss:domain:datasources:7.0">
            <datasources>
                <datasource jndi-name="java:jboss/datasources/OrdersDS" pool-name="OrdersDS" enabled="true" use-java-context="true">
                    <connection-url>jdbc:postgresql://pg01.fabrikam.lan:5432/orders</connection-url>
                    <driver>postgresql</driver>
                    <security>
                        <user-name>orders</user-name>
                        <password>{p1}</password>
                    </security>
                </datasource>
            </datasources>
        </subsystem>
        <subsystem xmlns="urn:wildfly:elytron:18.0" final-providers="combined-providers" disallowed-providers="OracleUcrypto">
            <tls>
                <key-stores>
                    <key-store name="httpsKS">
                        <credential-reference clear-text="{p2}"/>
                        <implementation type="JKS"/>
                        <file path="orders.keystore" relative-to="jboss.server.config.dir"/>
                    </key-store>
                </key-stores>
            </tls>
        </subsystem>
    </profile>
</server>
""", [p1, p2])

    p1 = human()
    add("weblogic/user_projects/domains/orders_domain/servers/AdminServer/security/boot.properties", "weblogic-boot-properties", f"""username=weblogic
password={p1}
""", [p1])

    w1 = plain()
    x1 = xor_was(w1)
    add("websphere/config/cells/Cell01/security.xml", "websphere-xor", f"""<?xml version="1.0" encoding="UTF-8"?>
<security:Security xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI" xmlns:security="http://www.ibm.com/websphere/appserver/schemas/5.0/security.xmi" enabled="true">
  <authDataEntries xmi:id="JAASAuthData_1" alias="Cell01/db2user" userId="db2inst1" password="{x1}" description="DB2 orders"/>
</security:Security>
""", [x1])

    p1, p2 = pw(), pw()
    add("glassfish/passwordfile", "glassfish-passwordfile", f"""AS_ADMIN_PASSWORD={p1}
AS_ADMIN_MASTERPASSWORD={p2}
""", [p1, p2])

    j1, j2 = plain(), plain()
    o1 = jetty_obf(j1)
    add("jetty/etc/realm.properties", "jetty-realm-properties", f"""#
# This file defines users passwords and roles for a HashUserRealm
#
# The format is
#  <username>: <password>[,<rolename> ...]
#
admin: {o1},server-administrator,content-administrator,admin
deploy: {j2},user,deployer
""", [o1, j2])

    p1, k1 = pw(), g.alnum(32)
    add("jenkins_home/credentials.xml", "jenkins-credentials-xml-plain", f"""<?xml version='1.1' encoding='UTF-8'?>
<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@1319.v7eb_51b_3a_c97b_">
  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">
    <entry>
      <com.cloudbees.plugins.credentials.domains.Domain>
        <specifications/>
      </com.cloudbees.plugins.credentials.domains.Domain>
      <java.util.concurrent.CopyOnWriteArrayList>
        <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
          <scope>GLOBAL</scope>
          <id>nexus-deploy</id>
          <description>Nexus deployment</description>
          <username>deployment</username>
          <password>{p1}</password>
          <usernameSecret>false</usernameSecret>
        </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
        <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
          <scope>GLOBAL</scope>
          <id>artifactory-api</id>
          <description>Artifactory API key</description>
          <secret>{k1}</secret>
        </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
      </java.util.concurrent.CopyOnWriteArrayList>
    </entry>
  </domainCredentialsMap>
</com.cloudbees.plugins.credentials.SystemCredentialsProvider>
""", [p1, k1])

    # ================================================================ password-manager exports
    p1, p2 = pw(), human()
    add("home/jdoe/Downloads/lastpass_export.csv", "lastpass-csv-export", f"""url,username,password,totp,extra,name,grouping,fav
https://vpn.fabrikam.org/,jdoe,{p1},,,Fabrikam VPN,Work,0
https://portal.azure.com/,jdoe@fabrikam.org,{p2},,,Azure portal,Work,1
http://sn,,,,"NoteType:Server Notes",Wiki notes,Work,0
""", [p1, p2])

    p1, t1 = pw(), g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)
    add("home/jdoe/Downloads/bitwarden_export_20240311.csv", "bitwarden-csv-export", f"""folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
Work,,login,GitLab,,,0,https://gitlab.fabrikam.org/users/sign_in,jdoe,{p1},{t1}
Work,1,note,Alarm code,,,0,,,,
""", [p1, t1])

    p1, s1 = pw(), g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)
    otp = "otpauth://totp/Fabrikam%20AWS:jdoe?secret=" + s1 + "&issuer=Fabrikam%20AWS"
    add("home/jdoe/Desktop/1PasswordExport-ops.csv", "onepassword-csv-export", f"""Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes
AWS root,https://signin.aws.amazon.com/,aws-root@fabrikam.org,{p1},{otp},true,false,infra,
""", [p1, s1])

    kd = [upper_hex(8) for _ in range(8)]
    add("it/vault/ops.keyx", "keepass-keyx", f"""<?xml version="1.0" encoding="utf-8"?>
<KeyFile>
	<Meta>
		<Version>2.0</Version>
	</Meta>
	<Key>
		<Data Hash="{upper_hex(8)}">
			{" ".join(kd[:4])}
			{" ".join(kd[4:])}
		</Data>
	</Key>
</KeyFile>
""", blocks=[(" ".join(kd[:4]), " ".join(kd[4:]))])

    # ================================================================ BMC tooling
    p1, p2 = pw(), pw()
    add("it/hpe/ilo_add_ops_user.xml", "ilo-ribcl", f"""<RIBCL VERSION="2.0">
  <LOGIN USER_LOGIN="Administrator" PASSWORD="{p1}">
    <USER_INFO MODE="write">
      <ADD_USER USER_NAME="ops" USER_LOGIN="ops" PASSWORD="{p2}">
        <ADMIN_PRIV value="Y"/>
        <REMOTE_CONS_PRIV value="Y"/>
        <RESET_SERVER_PRIV value="Y"/>
        <VIRTUAL_MEDIA_PRIV value="Y"/>
        <CONFIG_ILO_PRIV value="Y"/>
      </ADD_USER>
    </USER_INFO>
  </LOGIN>
</RIBCL>
""", [p1, p2])

    p1, p2 = plain(), plain()
    add("it/dell/idrac-baseline.sh", "racadm-script", f"""#!/bin/bash
for h in 10.40.1.21 10.40.1.22 10.40.1.23; do
  racadm -r "$h" -u root -p {p1} set iDRAC.Users.3.UserName ops
  racadm -r "$h" -u root -p {p1} set iDRAC.Users.3.Password {p2}
  racadm -r "$h" -u root -p {p1} set iDRAC.Users.3.Privilege 0x1ff
done
""", [p1, p2])

    # ================================================================ network devices
    p1, p2, p3 = plain(), plain(), plain()
    add("network/staging/branch-rtr07.cfg", "cisco-plaintext-passwords", f"""hostname branch-rtr07
!
enable password {p1}
!
username backup privilege 15 password 0 {p2}
!
line con 0
 password {p3}
 login
line vty 0 4
 login local
 transport input ssh
!
end
""", [p1, p2, p3])

    p1, p2, p3 = plain(), plain(), plain()
    add("network/mikrotik/hap-branch07-setup.rsc", "mikrotik-rsc", f"""# 2024-03-12 initial setup, RouterOS 7.13
/interface wireless security-profiles
add authentication-types=wpa2-psk mode=dynamic-keys name=corp supplicant-identity="" wpa2-pre-shared-key={p1}
/ppp secret
add name=vpn-jdoe password={p2} profile=vpn-profile service=l2tp
/user
add group=full name=netops password={p3}
/ip service
set telnet disabled=yes
""", [p1, p2, p3])

    p1, p2 = plain(), plain()
    add("network/fortigate/fgt-branch07-bootstrap.conf", "fortigate-cli", f"""config system admin
    edit "netops"
        set accprofile "super_admin"
        set vdom "root"
        set password {p1}
    next
end
config vpn ipsec phase1-interface
    edit "to-hq"
        set interface "wan1"
        set peertype any
        set proposal aes256-sha256
        set remote-gw 203.0.113.10
        set psksecret {p2}
    next
end
""", [p1, p2])

    p1, p2 = pw(), plain()
    add("network/pfsense/config-fw01.xml", "pfsense-config-xml", f"""<?xml version="1.0"?>
<pfsense>
	<version>22.9</version>
	<system>
		<hostname>fw01</hostname>
		<domain>fabrikam.lan</domain>
		<authserver>
			<refid>{g.hex(13)}</refid>
			<type>ldap</type>
			<name>AD</name>
			<host>dc01.fabrikam.lan</host>
			<ldap_port>636</ldap_port>
			<ldap_binddn>CN=svc_pfsense,OU=Service,DC=fabrikam,DC=lan</ldap_binddn>
			<ldap_bindpw>{p1}</ldap_bindpw>
		</authserver>
	</system>
	<ipsec>
		<phase1>
			<ikeid>1</ikeid>
			<remote-gateway>198.51.100.20</remote-gateway>
			<authentication_method>pre_shared_key</authentication_method>
			<pre-shared-key>{p2}</pre-shared-key>
		</phase1>
	</ipsec>
</pfsense>
""", [p1, p2])

    # ================================================================ negatives
    add("neg/b10/it/remote/jump01.rdp", "neg-rdp-dpapi", f"""screen mode id:i:2
use multimon:i:0
desktopwidth:i:1920
desktopheight:i:1080
full address:s:jump01.example.com
username:s:EXAMPLE\\adm_ops
password 51:b:{dpapi_hex(580)}
prompt for credentials:i:0
authentication level:i:2
""", negative=True)

    add("neg/b10/it/remote/servers.rdg", "neg-rdcman-dpapi", f"""<?xml version="1.0" encoding="utf-8"?>
<RDCMan programVersion="2.90" schemaVersion="3">
  <file>
    <credentialsProfiles />
    <properties>
      <expanded>True</expanded>
      <name>Servers</name>
    </properties>
    <logonCredentials inherit="None">
      <profileName scope="Local">Custom</profileName>
      <userName>adm_ops</userName>
      <password>{base64.b64encode(bytes.fromhex(dpapi_hex(300))).decode()}</password>
      <domain>EXAMPLE</domain>
    </logonCredentials>
    <server>
      <properties>
        <name>app01.example.com</name>
      </properties>
    </server>
  </file>
</RDCMan>
""", negative=True)

    add("neg/b10/weblogic/servers/AdminServer/security/boot.properties", "neg-weblogic-aes", f"""#Mon Mar 11 10:12:44 CET 2024
password={{AES256}}{g.b64(48)}
username={{AES256}}{g.b64(32)}
""", negative=True)

    add("neg/b10/jenkins_home/credentials.xml", "neg-jenkins-encrypted", f"""<?xml version='1.1' encoding='UTF-8'?>
<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@1319.v7eb_51b_3a_c97b_">
  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">
    <entry>
      <com.cloudbees.plugins.credentials.domains.Domain>
        <specifications/>
      </com.cloudbees.plugins.credentials.domains.Domain>
      <java.util.concurrent.CopyOnWriteArrayList>
        <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
          <scope>GLOBAL</scope>
          <id>nexus-deploy</id>
          <username>deployment</username>
          <password>{{AQAAABAAAAAQ{g.b64(48)}}}</password>
        </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
        <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
          <scope>GLOBAL</scope>
          <id>artifactory-api</id>
          <secret>{{AQAAABAAAAAg{g.b64(64)}}}</secret>
        </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
      </java.util.concurrent.CopyOnWriteArrayList>
    </entry>
  </domainCredentialsMap>
</com.cloudbees.plugins.credentials.SystemCredentialsProvider>
""", negative=True)

    add("neg/b10/iis/applicationHost.config", "neg-iis-encrypted", f"""<configuration>
    <system.applicationHost>
        <applicationPools>
            <add name="OrdersPool" managedRuntimeVersion="v4.0">
                <processModel identityType="SpecificUser" userName="EXAMPLE\\svc_orders" password="[enc:IISWASOnlyCngProvider:{g.b64(96)}:enc]" />
            </add>
            <add name="ReportsPool" managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" />
            </add>
        </applicationPools>
    </system.applicationHost>
</configuration>
""", negative=True)

    add("neg/b10/SYSVOL/Policies/Machine/Preferences/Groups/Groups.xml", "neg-gpp-empty-cpassword", f"""<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{{3125E937-EB16-4b4c-9934-544FC6D24D26}}"><User clsid="{{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}}" name="LocalAdmin" image="2" changed="2019-05-14 11:02:10" uid="{guid()}"><Properties action="U" newName="" fullName="" description="" cpassword="" changeLogon="0" noChange="1" neverExpires="1" acctDisabled="1" userName="LocalAdmin"/></User>
	<Group clsid="{{6D4A79E4-529C-4481-ABD0-F5BD7EA93BA7}}" name="Administrators (built-in)" image="2" changed="2019-05-14 11:03:41" uid="{guid()}"><Properties action="U" newName="" description="" deleteAllUsers="0" deleteAllGroups="0" removeAccounts="0" groupSid="S-1-5-32-544" groupName="Administrators (built-in)"><Members><Member name="EXAMPLE\\Workstation Admins" action="ADD" sid="S-1-5-21-{r.randint(10**9, 4 * 10**9)}-{r.randint(10**9, 4 * 10**9)}-{r.randint(10**9, 4 * 10**9)}-{r.randint(1100, 9999)}"/></Members></Properties></Group>
</Groups>
""", negative=True)

    add("neg/b10/scripts/Connect-Backup.ps1", "neg-powershell-clixml", """# the credential was saved once with: Get-Credential | Export-Clixml -Path $PSScriptRoot\\backup.cred
$cred = Import-Clixml -Path "$PSScriptRoot\\backup.cred"
$sql = Get-Credential -UserName "sa" -Message "SQL password for sql01"
Invoke-Sqlcmd -ServerInstance sql01.example.com -Credential $sql -Query "SELECT 1"
$pw = Read-Host -AsSecureString -Prompt "New local admin password"
New-LocalUser -Name "kiosk" -Password $pw
""", negative=True)
    add("neg/b10/scripts/backup.cred", "neg-powershell-clixml", f"""<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0">
    <TN RefId="0">
      <T>System.Management.Automation.PSCredential</T>
      <T>System.Object</T>
    </TN>
    <ToString>System.Management.Automation.PSCredential</ToString>
    <Props>
      <S N="UserName">EXAMPLE\\svc_sqlbackup</S>
      <SS N="Password">{dpapi_hex(400).lower()}</SS>
    </Props>
  </Obj>
</Objs>
""", negative=True)

    add("neg/b10/wildfly/standalone.xml", "neg-wildfly-vault", """<?xml version='1.0' encoding='UTF-8'?>
<server xmlns="urn:jboss:domain:20.0">
    <profile>
        <subsystem xmlns="urn:jboss:domain:datasources:7.0">
            <datasources>
                <datasource jndi-name="java:jboss/datasources/OrdersDS" pool-name="OrdersDS">
                    <connection-url>jdbc:postgresql://db.example.com:5432/orders</connection-url>
                    <security>
                        <user-name>${env.DB_USER}</user-name>
                        <password>${VAULT::orders-ds::password::1}</password>
                    </security>
                </datasource>
            </datasources>
        </subsystem>
        <subsystem xmlns="urn:wildfly:elytron:18.0">
            <tls>
                <key-stores>
                    <key-store name="httpsKS">
                        <credential-reference store="credstore" alias="https-ks"/>
                    </key-store>
                </key-stores>
            </tls>
        </subsystem>
    </profile>
</server>
""", negative=True)

    add("neg/b10/network/rancid/configs/core-sw01", "neg-rancid-removed", """!RANCID-CONTENT-TYPE: cisco
!
hostname core-sw01
!
enable secret <removed>
!
username netadmin privilege 15 password <removed>
!
snmp-server community <removed> RO 99
tacacs-server host 10.20.0.5 key <removed>
!
line vty 0 15
 password ********
 login local
!
end
""", negative=True)

    add("neg/b10/ansible/roles/idrac/tasks/main.yml", "neg-ansible-bmc-vars", """- name: Create the ops user on the iDRAC
  dellemc.openmanage.idrac_user:
    idrac_ip: "{{ inventory_hostname }}"
    idrac_user: "{{ idrac_admin_user }}"
    idrac_password: "{{ vault_idrac_admin_password }}"
    user_name: ops
    user_password: "{{ vault_idrac_ops_password }}"
    privilege: Administrator
- name: Configure the FortiGate admin
  fortinet.fortios.fortios_system_admin:
    system_admin:
      name: netops
      password: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=net/fortigate:netops') }}"
""", negative=True)

    add("neg/b10/templates/password-import-template.csv", "neg-export-template", """folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
Work,,login,Example site,,,0,https://www.example.com/login,username,,
Work,,login,Second example,,,0,https://app.example.com/,user@example.com,********,
""", negative=True)
