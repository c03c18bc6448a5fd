"""Twenty-first batch of the real-world set: penetration-test notes, loot and offensive tooling.

Written blind (committed before any scanner ran on it) from how credentials sit in the notes,
loot folders and tool configs that testers, red teams and CTF players commit: Impacket command
lines (`domain/user:password@host`, `-hashes :NT`) and `secretsdump` output with Kerberos keys
and LSA secrets, Mimikatz and pypykatz dumps, Kerberoast and AS-REP hashes, Responder's
NetNTLMv2 captures, hashcat and John pot files, password-spraying scripts (CrackMapExec /
NetExec, kerbrute, Hydra output), RDP, SMB and LDAP tools (`xfreerdp /p:`, `smbmap`,
`ldapdomaindump`, `bloodhound-python`), Rubeus, Metasploit (`database.yml`, resource scripts),
sqlmap and nmap `--script-args`, Burp Suite project options, GoPhish's first-start log, a Sliver
operator config, Mythic's `.env`, recon tools' API keys (Shodan, WPScan, subfinder, amass,
VirusTotal), LaZagne output, an aircrack-ng result and a hashcat 22000 WPA line. Negatives are
the same notes with placeholders, wordlist paths, environment look-ups and the empty-password
LM/NT hashes.
"""

import json

from shapes import without


def build_twentyfirst(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; ')

    def pw():
        return q(g.password())

    def season():
        """The passwords sprays find: a season or company word, a year, a symbol."""
        word = r.choice(["Spring", "Summer", "Autumn", "Winter", "Fabrikam", "Contoso", "Welcome",
                         "January", "October", "Password", "Changeme", "Northwind"])
        return word + str(r.randint(2019, 2026)) + r.choice("!@#?*")

    def nt():
        return g.hex(32)

    def lower_alnum(n):
        return g.chars("abcdefghijklmnopqrstuvwxyz0123456789", n)

    # ================================================================ Impacket
    p1, h1, p2 = pw(), nt(), season()
    add("notes/engagements/acme-internal/ad-attack-path.md", "impacket-command-lines", f"""# ACME internal — AD attack path

## Foothold
Creds from the printer's LDAP config (see loot/printer.txt), valid on the domain:

```
impacket-psexec 'acme.local/svc_print:{p1}@10.20.0.15'
impacket-GetUserSPNs acme.local/svc_print:'{p1}' -dc-ip 10.20.0.10 -request -outputfile kerberoast.txt
```

## Pass-the-hash to the file server
```
impacket-wmiexec -hashes :{h1} acme.local/fs_admin@10.20.0.31
```

## DA
helpdesk reused her sprayed password on her -adm account:
```
getTGT.py acme.local/j.morgan-adm:'{p2}' -dc-ip 10.20.0.10
export KRB5CCNAME=j.morgan-adm.ccache
```
""", [p1, h1, p2])

    n1, n2, n3, a1, dp = nt(), nt(), nt(), g.hex(64), season()
    add("loot/acme/dc01-secretsdump.txt", "secretsdump-output", f"""Impacket v0.11.0 - Copyright 2023 Fortra

[*] Target system bootKey: 0x{g.hex(32)}
[*] Dumping local SAM hashes (uid:rid:lmhash:nthash)
[*] Dumping cached domain logon information (domain/username:hash)
[*] Dumping LSA Secrets
[*] DefaultPassword
ACME\\svc_backup:{dp}
[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)
[*] Using the DRSUAPI method to get NTDS.DIT secrets
acme.local\\Administrator:500:aad3b435b51404eeaad3b435b51404ee:{n1}:::
Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::
krbtgt:502:aad3b435b51404eeaad3b435b51404ee:{n2}:::
acme.local\\j.morgan:1107:aad3b435b51404eeaad3b435b51404ee:{n3}:::
[*] Kerberos keys grabbed
acme.local\\Administrator:aes256-cts-hmac-sha1-96:{a1}
[*] Cleaning up...
""", [dp, n1, n2, n3, a1])

    # ================================================================ Mimikatz / pypykatz
    n1, s1, p1 = nt(), g.hex(40), season()
    add("loot/acme/ws042-logonpasswords.txt", "mimikatz-logonpasswords", f"""
  .#####.   mimikatz 2.2.0 (x64) #19041 Sep 19 2022 17:44:08
 .## ^ ##.  "A La Vie, A L'Amour" - (oe.eo)

mimikatz # sekurlsa::logonpasswords

Authentication Id : 0 ; 4281927 (00000000:00415647)
Session           : Interactive from 1
User Name         : r.patel
Domain            : ACME
Logon Server      : DC01
Logon Time        : 3/11/2024 8:02:17 AM
SID               : S-1-5-21-3623811015-3361044348-30300820-1113
        msv :
         [00000003] Primary
         * Username : r.patel
         * Domain   : ACME
         * NTLM     : {n1}
         * SHA1     : {s1}
        wdigest :
         * Username : r.patel
         * Domain   : ACME
         * Password : {p1}
        kerberos :
         * Username : r.patel
         * Domain   : ACME.LOCAL
         * Password : (null)
""", [n1, s1, p1])

    n1, p1 = nt(), pw()
    add("loot/acme/lsass-pypykatz.json", "pypykatz-json", json.dumps({
        "logon_sessions": {
            "6612382": {
                "authentication_id": 6612382,
                "domainname": "ACME",
                "username": "sqlsvc",
                "logon_server": "DC01",
                "msv_creds": [{"username": "sqlsvc", "domainname": "ACME", "NThash": n1,
                               "LMHash": None}],
                "wdigest_creds": [{"credtype": "wdigest", "username": "sqlsvc",
                                   "domainname": "ACME", "password": p1}],
            }
        }
    }, indent=2) + "\n", [n1, p1])

    # ================================================================ Kerberos and NTLM captures
    c1, t1 = g.hex(32), g.hex(r.choice([1104, 1176, 1248]))
    add("loot/acme/kerberoast.txt", "kerberoast-tgs-hash",
        f"$krb5tgs$23$*sqlsvc$ACME.LOCAL$acme.local/sqlsvc*${c1}${t1}\n", [c1])

    c1, t1 = g.hex(32), g.hex(r.choice([232, 248, 264]))
    add("loot/acme/asreproast.txt", "asrep-roast-hash",
        f"$krb5asrep$23$svc-alfresco@ACME.LOCAL:{c1}${t1}\n", [c1])

    ch, p1, b1 = g.hex(16), g.hex(32), g.hex(r.choice([280, 312, 344]))
    add("tools/responder/logs/SMB-NTLMv2-SSP-10.20.0.42.txt", "responder-ntlmv2",
        f"r.patel::ACME:{ch}:{p1}:{b1}\n", [p1])

    # ================================================================ cracked
    h1, p1, h2, p2 = nt(), season(), nt(), season()
    add("cracked/acme-ntds.potfile", "hashcat-potfile", f"""{h1}:{p1}
{h2}:{p2}
""", [p1, p2])

    p1 = season()
    add("cracked/john.pot", "john-pot", f"""{g.sha512crypt()}:{p1}
""", [p1])

    # ================================================================ spraying
    p1, h1 = season(), nt()
    add("scripts/spray-acme.sh", "crackmapexec-spray", f"""#!/usr/bin/env bash
# one spray per observation window (lockout threshold 5 / 30 min)
set -euo pipefail
crackmapexec smb targets/dc.txt -u lists/users.txt -p '{p1}' --continue-on-success | tee logs/spray-$(date +%F).log
nxc winrm 10.20.0.31 -u fs_admin -H {h1} -x whoami
""", [p1, h1])

    p1 = season()
    add("logs/cme-smb-2024-03-11.log", "crackmapexec-output", f"""SMB         10.20.0.10      445    DC01             [*] Windows Server 2019 Build 17763 x64 (name:DC01) (domain:acme.local) (signing:True) (SMBv1:False)
SMB         10.20.0.10      445    DC01             [-] acme.local\\a.lee:{season()} STATUS_LOGON_FAILURE
SMB         10.20.0.10      445    DC01             [+] acme.local\\backup_svc:{p1} (Pwn3d!)
""", [p1])

    p1 = season()
    add("logs/kerbrute-2024-03-11.txt", "kerbrute-output", f"""
    __             __               __
   / /_____  _____/ /_  _______  __/ /____
  / //_/ _ \\/ ___/ __ \\/ ___/ / / / __/ _ \\

Version: v1.0.3 (9dad6e1) - 03/11/24 - Ronnie Flathers @ropnop

2024/03/11 10:21:30 >  Using KDC(s):
2024/03/11 10:21:30 >   10.20.0.10:88
2024/03/11 10:21:33 >  [+] VALID LOGIN:  m.jones@acme.local:{p1}
2024/03/11 10:21:41 >  Done! Tested 212 logins (1 successes) in 11.204 seconds
""", [p1])

    p1 = pw()
    add("logs/hydra-ssh.txt", "hydra-output", f"""Hydra v9.5 (c) 2023 by van Hauser/THC & David Maciejak - Please do not use in military or secret service organizations, or for illegal purposes.

[DATA] max 4 tasks per 1 server, overall 4 tasks, 1000 login tries (l:1/p:1000), ~250 tries per task
[DATA] attacking ssh://10.20.4.7:22/
[22][ssh] host: 10.20.4.7   login: root   password: {p1}
1 of 1 target successfully completed, 1 valid password found
""", [p1])

    # ================================================================ RDP, SMB, LDAP tools
    p1 = pw()
    add("notes/engagements/acme-internal/rdp.md", "xfreerdp-password", f"""Jump host for the OT segment:

    xfreerdp /v:10.20.9.4 /u:ACME\\ot-eng /p:'{p1}' /cert:ignore /dynamic-resolution +clipboard
""", [p1])

    p1, p2 = pw(), pw()
    add("notes/engagements/acme-internal/enum.sh", "smbmap-ldapdomaindump", f"""smbmap -H 10.20.0.31 -u svc_print -p '{p1}' -R 'IT$' --depth 3
ldapdomaindump -u 'ACME\\svc_ldap' -p '{p2}' ldap://10.20.0.10 -o dumps/ldd
""", [p1, p2])

    p1 = pw()
    add("notes/engagements/acme-internal/bloodhound.txt", "bloodhound-python", f"""bloodhound-python -d acme.local -u 'j.smith' -p '{p1}' -ns 10.20.0.10 -c All --zip
""", [p1])

    p1, h1 = season(), nt()
    add("notes/engagements/acme-internal/rubeus.txt", "rubeus-asktgt", f"""Rubeus.exe asktgt /user:svc_web /password:{p1} /domain:acme.local /ptt
Rubeus.exe asktgt /user:Administrator /rc4:{h1} /domain:acme.local /outfile:admin.kirbi
""", [p1, h1])

    # ================================================================ Metasploit
    p1 = g.b64(32)
    add("home/kali/.msf4/database.yml", "msf-database-yml", f"""development: &pgsql
  adapter: postgresql
  database: msf
  username: msf
  password: {p1}
  host: 127.0.0.1
  port: 5432
  pool: 200

production: &production
  <<: *pgsql
""", [p1])

    p1 = season()
    add("msf/smb_login.rc", "msf-resource-script", f"""use auxiliary/scanner/smb/smb_login
set RHOSTS file:/home/kali/acme/hosts-445.txt
set SMBDomain ACME
set SMBUser helpdesk
set SMBPass {p1}
set THREADS 8
run
""", [p1])

    # ================================================================ web testing
    p1, c1 = pw(), lower_alnum(26)
    add("notes/engagements/shop/sqli.md", "sqlmap-auth", f"""Confirmed blind boolean SQLi on `id`:

```
sqlmap -u "https://staging.fabrikam-shop.com/item.php?id=4" --auth-type=Basic --auth-cred="qa-tester:{p1}" --cookie="PHPSESSID={c1}" --level 3 --risk 2 --batch
```
""", [p1, c1])

    p1 = pw()
    add("notes/engagements/acme-internal/nmap.txt", "nmap-script-args", f"""nmap -p445 --script smb-enum-shares,smb-ls --script-args smbusername=svc_print,smbpassword={p1},smbdomain=ACME 10.20.0.0/24 -oA scans/shares
""", [p1])

    p1, p2 = pw(), pw()
    add("burp/acme-project-options.json", "burp-project-options", json.dumps({
        "project_options": {
            "connections": {
                "platform_authentication": {
                    "credentials": [{
                        "auth_type": "ntlm_v2",
                        "destination_host": "intranet.acme-corp.com",
                        "domain_name": "ACME",
                        "domain_hostname": "WS042",
                        "password": p1,
                        "username": "r.patel",
                    }],
                    "do_platform_authentication": True,
                    "prompt_on_authentication_failure": False,
                },
                "upstream_proxy": {
                    "servers": [{
                        "authentication_type": "basic",
                        "destination_host": "*",
                        "enabled": True,
                        "proxy_host": "proxy.acme-corp.com",
                        "proxy_port": 3128,
                        "username": "pentest01",
                        "password": p2,
                    }],
                    "use_user_options": False,
                },
            }
        }
    }, indent=4) + "\n", [p1, p2])

    # ================================================================ phishing and C2
    p1 = g.hex(16)
    add("infra/gophish/gophish.log", "gophish-first-start-log", f"""time="2024-03-04T09:12:01Z" level=warning msg="No contact address has been configured."
time="2024-03-04T09:12:01Z" level=info msg="Please login with the username admin and the password {p1}"
time="2024-03-04T09:12:01Z" level=info msg="Starting phishing server at http://0.0.0.0:80"
time="2024-03-04T09:12:01Z" level=info msg="Starting admin server at https://127.0.0.1:3333"
""", [p1])

    t1 = g.hex(64)
    add("infra/sliver/red1_c2.redteam-ops.net.cfg", "sliver-operator-config", json.dumps({
        "operator": "red1",
        "token": t1,
        "lhost": "c2.redteam-ops.net",
        "lport": 31337,
        "ca_certificate": "-----BEGIN CERTIFICATE-----\nMIIB" + g.b64(90).rstrip("=") +
                          "\n-----END CERTIFICATE-----\n",
    }) + "\n", [t1])

    p1, p2, j1 = g.alnum(30), g.alnum(30), g.alnum(30)
    add("infra/Mythic/.env", "mythic-env", f"""ALLOWED_IP_BLOCKS=0.0.0.0/0,::/0
DEBUG_LEVEL=warning
MYTHIC_ADMIN_USER=mythic_admin
MYTHIC_ADMIN_PASSWORD="{p1}"
MYTHIC_SERVER_PORT=17443
POSTGRES_PASSWORD="{p2}"
JWT_SECRET="{j1}"
""", [p1, p2, j1])

    # ================================================================ recon API keys
    k1 = g.alnum(32)
    add("home/kali/.config/shodan/api_key", "shodan-api-key-file", f"{k1}\n", [k1])

    k1 = g.alnum(43)
    add("tools/wpscan-blog.sh", "wpscan-api-token", f"""#!/bin/sh
wpscan --url https://blog.fabrikam-shop.com --api-token {k1} -e vp,vt,u1-20 --random-user-agent -o reports/wpscan.txt
""", [k1])

    k1 = g.alnum(43)
    add("home/kali/.wpscan/scan.yml", "wpscan-scan-yml", f"""cli_options:
  api_token: {k1}
  random_user_agent: true
  enumerate: vp,vt
""", [k1])

    v1, s1, c1, c2 = g.hex(64), g.alnum(32), g.uuid4(), g.alnum(32)
    add("home/kali/.config/subfinder/provider-config.yaml", "subfinder-provider-config", f"""bufferover: []
censys:
  - {c1}:{c2}
securitytrails:
  - {s1}
virustotal:
  - {v1}
""", [c1, c2, s1, v1])

    k1 = g.alnum(32)
    add("home/kali/.config/amass/datasources.yaml", "amass-datasources", f"""datasources:
  - name: Shodan
    creds:
      account:
        apikey: {k1}
global_options:
  minimum_ttl: 1440
""", [k1])

    k1 = g.hex(64)
    add("scripts/vt_check.py", "virustotal-client", f"""import sys
import vt

client = vt.Client("{k1}")
for sha in sys.argv[1:]:
    f = client.get_object(f"/files/{{sha}}")
    print(sha, f.last_analysis_stats)
client.close()
""", [k1])

    # ================================================================ credential dumps and Wi-Fi
    p1 = pw()
    add("loot/acme/ws042-lazagne.txt", "lazagne-output", f"""|====================================================================|
|                        The LaZagne Project                         |
|====================================================================|

########## User: r.patel ##########

------------------- Chrome passwords -----------------

[+] Password found !!!
URL: https://portal.acme-corp.com/login
Login: r.patel
Password: {p1}

[+] 1 passwords have been found.
""", [p1])

    p1 = pw()
    add("loot/wifi/acme-guest.txt", "aircrack-key-found", f"""                               Aircrack-ng 1.7

      [00:00:14] 51723/14344392 keys tested (3687.21 k/s)

                           KEY FOUND! [ {p1} ]

      Master Key     : 6F 2A 0C 91 D4 7B 3E 58 A1 4C 9D 02 E7 36 BB 10
""", [p1])

    mic, ap, sta, essid = g.hex(32), g.hex(12), g.hex(12), "ACME-Corp".encode().hex()
    add("loot/wifi/acme-corp.hc22000", "hashcat-22000-wpa",
        f"WPA*01*{mic}*{ap}*{sta}*{essid}***\n", [mic])

    # ================================================================ negatives
    add("neg/notes/cheatsheet-ad.md", "neg-ad-cheatsheet", """# AD cheat sheet

```
impacket-psexec 'DOMAIN/USER:PASSWORD@TARGET'
impacket-wmiexec -hashes :<NTHASH> DOMAIN/USER@TARGET
crackmapexec smb <targets> -u <user> -p <password> --continue-on-success
xfreerdp /v:<ip> /u:<user> /p:'<password>' /cert:ignore
Rubeus.exe asktgt /user:<user> /rc4:<hash> /domain:<domain> /ptt
getTGT.py $DOMAIN/$USER:"$PASS" -dc-ip $DC
```
""", negative=True)

    add("neg/scripts/spray-wordlist.sh", "neg-hydra-wordlist", """#!/bin/sh
hydra -l admin -P /usr/share/wordlists/rockyou.txt ssh://10.20.4.7 -t 4
crackmapexec smb targets.txt -u users.txt -p passwords.txt --no-bruteforce
kerbrute passwordspray -d acme.local users.txt "$SPRAY_PASSWORD"
""", negative=True)

    add("neg/loot/sam-disabled.txt", "neg-empty-nt-hashes", """[*] Dumping local SAM hashes (uid:rid:lmhash:nthash)
Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::
DefaultAccount:503:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::
WDAGUtilityAccount:504:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::
""", negative=True)

    add("neg/home/kali/.msf4/database.yml", "neg-msf-database-yml", """production:
  adapter: postgresql
  database: msf
  username: msf
  password: <%= ENV['MSF_DATABASE_PASSWORD'] %>
  host: 127.0.0.1
""", negative=True)

    add("neg/tools/wpscan.sh", "neg-wpscan-env", """#!/bin/sh
wpscan --url "$TARGET" --api-token "$WPSCAN_API_TOKEN" -e vp
""", negative=True)

    add("neg/home/kali/.config/subfinder/provider-config.yaml", "neg-subfinder-empty", """bufferover: []
censys: []
securitytrails: []
shodan: []
virustotal: []
""", negative=True)

    add("neg/loot/mimikatz-null.txt", "neg-mimikatz-null", """        wdigest :
         * Username : (null)
         * Domain   : (null)
         * Password : (null)
        kerberos :
         * Username : WS042$
         * Domain   : acme.local
         * Password : (null)
""", negative=True)

    add("neg/msf/smb_login.rc", "neg-msf-resource-file", """use auxiliary/scanner/smb/smb_login
set RHOSTS file:/home/kali/acme/hosts-445.txt
set USER_FILE /home/kali/acme/users.txt
set PASS_FILE /usr/share/wordlists/fasttrack.txt
set SMBPass <password>
run
""", negative=True)

    add("neg/notes/sqlmap.md", "neg-sqlmap-placeholder", """```
sqlmap -u "https://target.example.com/item.php?id=1" --auth-type=Basic --auth-cred="USER:PASS" --cookie="PHPSESSID=<session>" --batch
```
""", negative=True)

    add("neg/infra/Mythic/.env.example", "neg-mythic-env-example", """MYTHIC_ADMIN_USER=mythic_admin
MYTHIC_ADMIN_PASSWORD=
POSTGRES_PASSWORD=
JWT_SECRET=
""", negative=True)
