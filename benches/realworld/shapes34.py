"""Thirty-fourth batch of the real-world set: credentials in team documents.

Written blind (committed before any scanner ran on it) from how the documents people write for
each other look when they are committed or exported: runbooks and wiki pages in AsciiDoc
(definition lists), reStructuredText (field lists, grid tables), Confluence storage XML (tables,
code macros), Confluence and MediaWiki wiki markup tables, Markdown (definition lists with the
value on the next line, bullets with `pw`/`pwd`/`pass`, `login: x / password: y`, "the password
is …" sentences, HTML tables, TODO checkboxes); handover and inventory sheets as CSV (semicolon
separated, German headers) and TSV; password-manager exports not covered earlier (KeePass 1.x and
KeePassXC CSV, Dashlane, NordPass, Proton Pass CSV, Bitwarden custom hidden fields and secure
notes); chat exports (Slack `blocks` with preformatted text, Microsoft Teams Graph messages with
HTML bodies, Mattermost bulk-export JSONL, Telegram Desktop `result.json` with the value in a
`code` entity, WhatsApp `.txt`, IRC logs); mail (an HTML quoted-printable welcome mail, a forwarded
mail with `>` quoting, an mbox with two temporary passwords, a French account mail); tickets (Jira
REST JSON and CSV exports, `gh issue view --json`, a helpdesk JSON ticket); incident postmortems
and meeting notes quoting a leaked key; plain notes (`notes.txt`, `passwords.txt`, `creds.txt`
with `host:port:user:pass` lines, a paste dump); Obsidian YAML frontmatter, Logseq `key:: value`
properties, org-mode property drawers and tables, a Notion database CSV; Word
`word/document.xml` with the label and the value in separate text runs, OpenDocument
`content.xml`.

Negatives: the same documents saying where a password lives (vault paths, "see 1Password item"),
redacted values (`****`, `<redacted>`, `xxxx`), password policies and rotation schedules, hashes in
a security advisory, placeholders and blanks in templates, `pass`/auth-source look-ups.
"""

import json
import string

from shapes import B62, without

LOWER = string.ascii_lowercase


def build_thirtyfourth(g, add):
    r = g.r

    def pw():
        """A password that survives CSV, XML, JSON, Markdown and shell quoting."""
        return without(g.password(), '\'"\\`$<>&#%;, |*_=[]')

    def human():
        w = "".join(r.choice(["ka", "lo", "mi", "ven", "tor", "ra", "bel", "dor", "fi", "gro",
                              "zel", "mun", "wex", "sol", "jar", "ost"]) for _ in range(3))
        return w.capitalize() + str(r.randint(10, 9999)) + r.choice("!@?.+")

    def slack_bot():
        return "xoxb-%d-%d-%s" % (r.randint(10**10, 10**13), r.randint(10**10, 10**13), g.alnum(24))

    def stripe_live():
        return "sk_live_" + g.alnum(99)

    def sendgrid():
        return "SG." + g.chars(B62 + "-_", 22) + "." + g.chars(B62 + "-_", 43)

    def hvs():
        return "hvs.CAESI" + g.chars(B62 + "-_", 86)

    def glpat():
        return "glpat-" + g.chars(B62 + "-_", 20)

    def pad(s, n):
        return s + " " * (n - len(s))

    # ================================================================ wiki / runbook pages
    p1, p2, p3 = pw(), pw(), pw()
    add("docs/runbooks/orders-db-failover.adoc", "asciidoc-definition-list", f"""= Orders DB failover
:toc:
:icons: font

== Access

Primary:: pg-orders-01.fabrikam.org
Login:: postgres
Password:: {p1}

Replica::
  Host::: pg-orders-02.fabrikam.org
  User::: replicator
  Password::: {p2}

== Promote the replica

[source,shell]
----
export PGPASSWORD='{p3}'
psql -h pg-orders-02.fabrikam.org -U postgres -c 'select pg_promote();'
----

NOTE: update the DNS record `orders-db.internal` afterwards.
""", [p1, p2, p3])

    p1 = pw()
    add("docs/ops/ldap-service-accounts.rst", "rst-field-list", f"""LDAP service accounts
=====================

GitLab
------

:Server: ldaps://ldap.fabrikam.org:636
:Bind DN: cn=svc-gitlab,ou=services,dc=fabrikam,dc=org
:Password: {p1}
:Owner: platform team

.. note:: The bind account is read-only. Rotate it every year in March.
""", [p1])

    rows = [("nas01.lan", "admin", pw()), ("ipmi-rack2", "ADMIN", pw()), ("unifi-ctrl", "ubnt-admin", pw())]
    w = max(len(p) for _, _, p in rows) + 2
    line = "+" + "-" * 14 + "+" + "-" * 12 + "+" + "-" * w + "+"
    body = "\n".join("| %s| %s| %s|\n%s" % (pad(h, 13), pad(u, 11), pad(p, w - 1), line) for h, u, p in rows)
    add("docs/homelab/inventory.rst", "rst-grid-table", f"""Devices
=======

{line}
| {pad("Host", 13)}| {pad("User", 11)}| {pad("Password", w - 1)}|
{line.replace("-", "=")}
{body}
""", [p for _, _, p in rows])

    p1, p2 = pw(), pw()
    add("export/confluence/OPS/vSphere-access.xml", "confluence-storage-table", f"""<h2>Accounts</h2>
<table data-layout="default"><colgroup><col style="width: 180.0px;" /><col style="width: 260.0px;" /><col style="width: 220.0px;" /></colgroup><tbody>
<tr><th><p><strong>System</strong></p></th><th><p><strong>Username</strong></p></th><th><p><strong>Password</strong></p></th></tr>
<tr><td><p>vCenter</p></td><td><p>administrator@vsphere.local</p></td><td><p>{p1}</p></td></tr>
<tr><td><p>ESXi hosts (root)</p></td><td><p>root</p></td><td><p>{p2}</p></td></tr>
</tbody></table>
<p>Ask in <ac:link><ri:page ri:content-title="Ops on-call" /></ac:link> before changing anything.</p>
""", [p1, p2])

    t1, p1 = hvs(), pw()
    add("export/confluence/PLAT/Deploy-from-laptop.xml", "confluence-code-macro-cdata", f"""<p>If the pipeline is down you can deploy from your laptop:</p>
<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="{g.uuid4()}"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[export VAULT_ADDR=https://vault.fabrikam.org
export VAULT_TOKEN={t1}
export SMTP_PASSWORD={p1}
./deploy.sh production]]></ac:plain-text-body></ac:structured-macro>
""", [t1, p1])

    p1, p2, p3 = pw(), pw(), pw()
    add("docs/ops/Legacy-servers.confluence", "confluence-wiki-markup-table", f"""h2. Legacy servers

||Host||Login||Password||Notes||
|fw01.corp.lan|admin|{p1}|Fortigate, web UI on :4443|
|sql-old|sa|{p2}|SQL Server 2012, decommission Q3|
|backup-nas|backup|{p3}| |

{{info}}Nobody has touched these since the migration.{{info}}
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("wiki/pages/Shared_accounts.wiki", "mediawiki-table", f"""== Shared accounts ==
{{| class="wikitable sortable"
! Service !! User !! Password !! Comment
|-
| phpMyAdmin || root || {p1} || intranet only
|-
| Printer web UI || admin || {p2} ||
|}}
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("docs/runbooks/ci-access.md", "md-login-slash-password", f"""# CI access

- Jenkins: https://ci.northwind-apps.com — login: admin / password: {p1}
- Nexus: https://nexus.northwind-apps.com (deployment/{p2})
- SonarQube: SSO
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("docs/network/office-router.md", "md-definition-list-next-line", f"""### Office router (Mikrotik)

Address
: https://192.168.88.1

Username
: admin

Password
: `{p1}`

### Guest Wi-Fi

SSID
: Northwind-Guest

Passphrase
: {p2}
""", [p1, p2])

    p1, p2, p3 = pw(), pw(), pw()
    add("docs/qa/test-accounts.md", "md-bullets-pw-pwd-pass", f"""## Staging test accounts

- qa.buyer@northwind-apps.com  pw: {p1}
- qa.seller@northwind-apps.com pwd {p2}
- support-admin — pass = {p3}

Do not use these on production.
""", [p1, p2, p3])

    p1, p2, p3 = human(), pw(), pw()
    add("README-onboarding.md", "onboarding-password-is-sentence", f"""# Welcome to the team!

A few things to get you going on day one:

1. The guest Wi-Fi password is `{p1}` (for your phone; laptops use the 802.1X network).
2. Our shared Figma login is design@fabrikam.org and the password is {p2}
3. The VPN pre-shared key is {p3} - you need it once when you set up the client.
4. Ask Dana for a YubiKey.
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("docs/ops/html-table-in-md.md", "md-html-table", f"""## Monitoring

<table>
  <tr><th>Tool</th><th>User</th><th>Password</th></tr>
  <tr><td>Zabbix</td><td>Admin</td><td>{p1}</td></tr>
  <tr><td>Graylog</td><td>admin</td><td>{p2}</td></tr>
</table>
""", [p1, p2])

    p1 = pw()
    add("docs/nas.txt", "plain-label-then-next-line", f"""Synology DS920+ (office)
http://nas.office.lan:5000

admin password:
{p1}

Backups run at 02:00 to the USB disk.
""", [p1])

    # ================================================================ handover / inventory sheets
    p1, p2, p3 = pw(), pw(), pw()
    add("uebergabe/Zugangsdaten.csv", "handover-csv-semicolon-de", f"""Dienst;URL;Benutzer;Passwort;Bemerkung
Webmail;https://mail.acmecorp.de;info@acmecorp.de;{p1};Hauptpostfach
Hosting-Panel;https://panel.acmecorp.de;acme-admin;{p2};
Router;http://192.168.178.1;;{p3};FritzBox
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("it/inventory/servers.tsv", "inventory-tsv", f"""hostname\tip\tos\tuser\tpassword\tnotes
web01\t10.20.0.11\tUbuntu 22.04\tdeploy\t{p1}\tnginx + php-fpm
db01\t10.20.0.21\tDebian 12\troot\t{p2}\tMariaDB 10.11
""", [p1, p2])

    p1, p2 = pw(), human()
    add("exports/keepass1x.csv", "keepass1-csv-export", f""""Account","Login Name","Password","Web Site","Comments"
"Hetzner Robot","K{r.randint(10**7, 10**8)}","{p1}","https://robot.hetzner.com",""
"Office printer","admin","{p2}","http://10.0.0.40",""
""", [p1, p2])

    p1, p2, totp = pw(), pw(), g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)
    add("exports/team-vault.keepassxc.csv", "keepassxc-csv-export", f""""Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
"Root/Infra","Cloudflare","ops@contoso-hosting.net","{p1}","https://dash.cloudflare.com","","otpauth://totp/Cloudflare:ops?secret={totp}&period=30&digits=6&issuer=Cloudflare","0","2024-03-11T10:22:31Z","2023-01-09T08:00:00Z"
"Root/Infra","Proxmox","root@pam","{p2}","https://pve01.contoso-hosting.net:8006","","","0","2024-03-11T10:22:31Z","2023-01-09T08:00:00Z"
""", [p1, p2, totp])

    p1, p2 = pw(), human()
    add("exports/dashlane/credentials.csv", "dashlane-csv-export", f"""username,username2,username3,title,password,note,url,category,otpSecret
jdoe@fabrikam.org,,,AWS root,{p1},,https://console.aws.amazon.com,Work,
jdoe,,,Home NAS,{p2},,http://nas.home,,
""", [p1, p2])

    p1 = pw()
    add("exports/nordpass.csv", "nordpass-csv-export", f"""name,url,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,full_name,phone_number,email,address1,address2,city,country,state
GitLab,https://gitlab.northwind-apps.com,jdoe,{p1},,,,,,,Work,,,,,,,,
""", [p1])

    p1 = pw()
    add("exports/Proton Pass_export_2024-03-11.csv", "protonpass-csv-export", f"""type,name,url,email,username,password,note,totp,createTime,modifyTime,vault
login,Grafana,https://grafana.fabrikam.org,,admin,{p1},,,1700000000,1710000000,Work
""", [p1])

    k1, p1 = g.hex(32), pw()
    add("exports/bitwarden_org_export.json", "bitwarden-json-hidden-fields-note", json.dumps({
        "encrypted": False,
        "collections": [{"id": g.uuid4(), "organizationId": g.uuid4(), "name": "Ops"}],
        "items": [
            {"id": g.uuid4(), "type": 1, "name": "Datadog", "notes": None, "favorite": False,
             "fields": [{"name": "api_key", "value": k1, "type": 1, "linkedId": None},
                        {"name": "site", "value": "datadoghq.eu", "type": 0, "linkedId": None}],
             "login": {"uris": [{"match": None, "uri": "https://app.datadoghq.eu"}], "username": "ops@fabrikam.org",
                       "password": None, "totp": None}},
            {"id": g.uuid4(), "type": 2, "name": "Backup server", "favorite": False,
             "notes": "ssh backup@10.20.0.50\nroot password: %s\nrestic repo on /srv/restic" % p1,
             "secureNote": {"type": 0}}]}, indent=2) + "\n", [k1, p1])

    p1, p2 = pw(), pw()
    add("notion-export/Accounts 7f3a.csv", "notion-database-csv", f"""Name,Category,Password,Tags,URL,Username
Mailchimp,Marketing,{p1},"shared, marketing",https://login.mailchimp.com,marketing@fabrikam.org
Canva,Design,{p2},design,https://www.canva.com,design@fabrikam.org
""", [p1, p2])

    # ================================================================ chat exports
    p1 = pw()
    dsn = "postgres://orders:%s@pg-main.northwind-apps.com:5432/orders" % p1
    add("slack-export/backend/2024-03-12.json", "slack-export-blocks-preformatted", json.dumps([
        {"client_msg_id": g.uuid4(), "type": "message", "text": "use this for now:\n```DATABASE_URL=%s```" % dsn,
         "user": "U0" + g.chars(string.ascii_uppercase + string.digits, 9), "ts": "1710240012.000200", "team": "T0" + g.chars(string.ascii_uppercase + string.digits, 9),
         "blocks": [{"type": "rich_text", "block_id": g.alnum(5), "elements": [
             {"type": "rich_text_section", "elements": [{"type": "text", "text": "use this for now:\n"}]},
             {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "DATABASE_URL=" + dsn}], "border": 0}]}]}],
        indent=4) + "\n", [p1])

    p1, p2 = pw(), pw()
    add("slack-export/it-help/2024-02-02.json", "slack-export-text-is-and-codeblock", json.dumps([
        {"type": "message", "text": "pw for the staging admin is %s" % p1, "user": "U0" + g.chars(string.ascii_uppercase + string.digits, 9),
         "ts": "1706870000.001100"},
        {"type": "message", "text": "jira service account:\n```svc-jira\n%s```" % p2, "user": "U0" + g.chars(string.ascii_uppercase + string.digits, 9),
         "ts": "1706870099.001200"}], indent=4) + "\n", [p1, p2])

    p1 = pw()
    add("teams-export/ops-channel/messages.json", "teams-graph-html-body", json.dumps({"value": [
        {"id": str(r.randint(10**12, 10**13)), "messageType": "message", "createdDateTime": "2024-03-12T10:22:31.118Z",
         "from": {"user": {"id": g.uuid4(), "displayName": "Dana Ops"}},
         "body": {"contentType": "html", "content": "<p>Backup job creds:</p><p>Login: svc_backup<br>Password: %s</p>" % p1}}]},
        indent=2) + "\n", [p1])

    p1 = pw()
    add("mattermost/bulk-export.jsonl", "mattermost-bulk-export-post", "\n".join([
        json.dumps({"type": "version", "version": 1}),
        json.dumps({"type": "post", "post": {"team": "ops", "channel": "partners", "user": "dana",
                                             "message": "new sftp creds for acme: user `partner-acme` pass `%s`" % p1,
                                             "create_at": 1710240012000}}),
        json.dumps({"type": "post", "post": {"team": "ops", "channel": "partners", "user": "tom",
                                             "message": "thx", "create_at": 1710240099000}})]) + "\n", [p1])

    p1 = pw()
    add("telegram/ChatExport_2024-03-12/result.json", "telegram-result-code-entity", json.dumps({
        "name": "Homelab", "type": "private_group", "id": r.randint(10**9, 10**10), "messages": [
            {"id": 4411, "type": "message", "date": "2024-03-12T10:22:31", "from": "Dana", "from_id": "user%d" % r.randint(10**8, 10**9),
             "text": ["root password for the new box: ", {"type": "code", "text": p1}],
             "text_entities": [{"type": "plain", "text": "root password for the new box: "}, {"type": "code", "text": p1}]}]},
        indent=1, ensure_ascii=False) + "\n", [p1])

    p1, p2 = human(), pw()
    add("chats/WhatsApp Chat with Office.txt", "whatsapp-chat-txt", f"""12/03/2024, 10:20 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
12/03/2024, 10:22 - Dana: new wifi pw: {p1}
12/03/2024, 10:23 - Tom: 👍
12/03/2024, 10:24 - Dana: and the alarm panel app login is office@fabrikam.org / {p2}
""", [p1, p2])

    p1 = pw()
    add("logs/irc/#ops.2024-03-12.log", "irc-log-line", f"""--- Day changed Tue Mar 12 2024
10:22 < dana> build01 is back up
10:22 < dana> sudo password on build01 is now {p1}
10:23 < tom> ack
""", [p1])

    # ================================================================ mail
    p1 = pw()
    add("mail/welcome-html.eml", "eml-html-quoted-printable", f"""From: "Portal" <no-reply@contoso-hosting.net>
To: a.kowalski@fabrikam.org
Subject: Your new portal account
Date: Tue, 12 Mar 2024 10:22:31 +0000
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

<html><body>
<p>Hello Anna,</p>
<p>your account has been created.</p>
<p>Username: <b>a.kowalski</b><br>
Temporary password: <b>{p1}</b></p>
<p>You will be asked to change it at first login.</p>
</body></html>
""", [p1])

    p1 = pw()
    add("mail/Fwd_ SFTP access.eml", "eml-forwarded-quoted", f"""From: Tom Berger <tom.berger@fabrikam.org>
To: Anna Kowalski <anna.kowalski@fabrikam.org>
Subject: Fwd: SFTP access
Date: Tue, 12 Mar 2024 11:02:10 +0100
Content-Type: text/plain; charset=UTF-8

FYI, for the partner upload.

---------- Forwarded message ---------
From: Support <support@partner-logistics.net>
Date: Mon, 11 Mar 2024 at 16:40
Subject: SFTP access

> Host: sftp.partner-logistics.net
> Port: 22
> User: fabrikam_upload
> Password: {p1}
>
> Best regards
""", [p1])

    p1, p2 = pw(), pw()
    add("mail/Archive.mbox", "mbox-temporary-passwords", f"""From it-desk@northwind-apps.com Mon Mar 11 09:00:00 2024
From: IT Desk <it-desk@northwind-apps.com>
To: j.smith@northwind-apps.com
Subject: VPN account
Date: Mon, 11 Mar 2024 09:00:00 +0000

Hi John,

Your temporary password is: {p1}

IT Desk

From hr-tools@northwind-apps.com Tue Mar 12 08:30:00 2024
From: HR Tools <hr-tools@northwind-apps.com>
To: j.smith@northwind-apps.com
Subject: Access to the HR portal
Date: Tue, 12 Mar 2024 08:30:00 +0000

Your HR portal password has been reset to {p2}

""", [p1, p2])

    p1 = pw()
    add("mail/Vos identifiants.eml", "eml-french-identifiants", f"""From: Service informatique <informatique@acmecorp.de>
To: j.dupont@acmecorp.de
Subject: Vos identifiants
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour,

Voici vos identifiants pour l'extranet :
Identifiant : jdupont
Mot de passe : {p1}

Cordialement
""", [p1])

    # ================================================================ tickets
    p1, t1 = pw(), glpat()
    add("exports/jira/PLAT-1412.json", "jira-rest-issue-json", json.dumps({
        "key": "PLAT-1412", "id": str(r.randint(10000, 99999)), "fields": {
            "summary": "Reporting job fails after DB move",
            "description": "The job still points at the old server. Current config:\n{code}\nreport.datasource.url=jdbc:sqlserver://sql02.fabrikam.org:1433;databaseName=reports;user=report_rw;password=%s\n{code}" % p1,
            "comment": {"comments": [{"author": {"displayName": "Tom Berger"},
                                      "body": "I used my token to re-run it: %s - will revoke tomorrow" % t1}]}}},
        indent=2) + "\n", [p1, t1])

    p1 = pw()
    add("exports/jira/OPS-export.csv", "jira-csv-description", f"""Summary,Issue key,Issue id,Issue Type,Status,Description
"Mail relay rejects auth",OPS-311,10311,Bug,Open,"Since Monday the relay rejects our app.
Settings on app02:
SMTP_HOST=smtp.fabrikam.org
SMTP_USER=app-mailer
SMTP_PASS={p1}
"
"Renew TLS cert",OPS-312,10312,Task,Done,"done"
""", [p1])

    s1 = stripe_live()
    add("exports/github/issue-88.json", "gh-issue-view-json", json.dumps({
        "number": 88, "title": "Checkout returns 401",
        "body": "Steps to reproduce:\n1. run the app with\n```\nSTRIPE_SECRET_KEY=%s\n```\n2. open /checkout" % s1,
        "comments": [{"author": {"login": "maintainer"}, "body": "Please rotate that key, it is public now."}]},
        indent=2) + "\n", [s1])

    p1 = pw()
    add("exports/helpdesk/ticket-20931.json", "helpdesk-ticket-json", json.dumps({
        "id": 20931, "subject": "Cannot upload invoices", "status": 2, "priority": 1,
        "description_text": "Hello, our FTP upload stopped working. We use ftp.fabrikam.org with ftpuser / %s, can you check?" % p1,
        "requester": {"name": "Partner AP", "email": "ap@partner-logistics.net"}}, indent=2) + "\n", [p1])

    ak, sk = g.aws_key_id(), g.aws_secret()
    add("docs/postmortems/2024-03-12-leaked-key.md", "postmortem-quoted-key", f"""# Postmortem: AWS key pushed to a public repository

**Date:** 2024-03-12  **Severity:** SEV-2

## Timeline

- 09:12 a commit to `fabrikam/tools` added `.env` with
  `AWS_ACCESS_KEY_ID={ak}` and
  `AWS_SECRET_ACCESS_KEY={sk}`
- 09:19 AWS Health notified us (AWSCompromisedKeyQuarantine)
- 09:40 key deactivated

## Action items

- [ ] pre-commit hook for secrets
""", [ak, sk])

    m1, s1 = "key-" + g.hex(32), sendgrid()
    add("docs/meetings/2024-03-14-weekly.md", "meeting-notes-quoted-keys", f"""# Weekly ops sync, 2024-03-14

Attendees: Dana, Tom, Anna

- Mail: we still send through Mailgun with the old key (key `{m1}`); Tom rotates it.
- Marketing switched to SendGrid: `{s1}` (in the CMS settings)
- Next sync: 21 March
""", [m1, s1])

    # ================================================================ plain notes
    p1, p2 = pw(), pw()
    add("notes.txt", "notes-txt-pairs", f"""jenkins     admin     {p1}
router: admin/{p2}
remember: renew domain in May
""", [p1, p2])

    p1, p2, p3 = human(), pw(), human()
    add("home/anna/Desktop/passwords.txt", "passwords-txt-list", f"""gmail - {p1}
AWS console: {p2}
amazon {p3}
""", [p1, p2, p3])

    p1, p2 = pw(), pw()
    add("ops/creds.txt", "creds-txt-host-port-user-pass", f"""ftp.fabrikam.org:21:webmaster:{p1}
10.20.0.5:22:root:{p2}
""", [p1, p2])

    p1, p2 = g.url_password(), pw()
    add("paste/prod-dump.txt", "paste-dump", f"""==== prod access (do not share) ====
mysql   root:{p1}@10.20.0.21
smtp    noreply@fabrikam.org : {p2}
""", [p1, p2])

    p1 = pw()
    add("TODO.md", "todo-md-checkbox", f"""# TODO

- [x] move DNS to Cloudflare
- [ ] change the default admin pwd on the NAS (currently `{p1}`)
- [ ] renew the TLS cert
""", [p1])

    # ================================================================ personal knowledge tools
    p1 = pw()
    add("vault/Homelab/pve01.md", "obsidian-frontmatter", f"""---
tags: [homelab, access]
host: pve01.lan
user: root
password: {p1}
created: 2024-03-12
---

# pve01

Proxmox node in the rack, IPMI on .91.
""", [p1])

    p1, k1 = pw(), g.hex(32)
    add("logseq/pages/Mail server.md", "logseq-properties", f"""type:: server
host:: mx1.fabrikam.org
admin-user:: postmaster
password:: {p1}
api-key:: {k1}

- Postfix + Dovecot on Debian 12
- DKIM keys in /etc/opendkim
""", [p1, k1])

    p1, p2 = pw(), pw()
    add("org/work.org", "org-properties-drawer-and-table", f"""* Servers
** db01
   :PROPERTIES:
   :HOST:     db01.fabrikam.org
   :USER:     postgres
   :PASSWORD: {p1}
   :END:
** Shared logins
| system  | user  | password |
|---------+-------+----------|
| grafana | admin | {p2} |
""", [p1, p2])

    # ================================================================ office documents (unzipped)
    p1, p2 = pw(), pw()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = ('<w:document %s><w:body>' % ns
           + '<w:p><w:r><w:t>Handover: file server</w:t></w:r></w:p>'
           + '<w:p><w:r><w:t xml:space="preserve">Administrator password: </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>%s</w:t></w:r></w:p>' % p1
           + '<w:p><w:r><w:t xml:space="preserve">DSRM password: %s</w:t></w:r></w:p>' % p2
           + '<w:sectPr/></w:body></w:document>')
    add("handover/Uebergabe_Fileserver/word/document.xml", "docx-document-xml-runs",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + doc + "\n", [p1, p2])

    p1 = pw()
    add("handover/Zugang_Buchhaltung/content.xml", "odt-content-xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>
<text:h text:outline-level="1">Zugang DATEV</text:h>
<text:p text:style-name="P1">Benutzer: buchhaltung</text:p>
<text:p text:style-name="P1">Kennwort: {p1}</text:p>
</office:text></office:body></office:document-content>
""", [p1])

    p1, b1 = pw(), slack_bot()
    add("docs/handover/anna-to-tom.md", "handover-note-ssh-pw", f"""# Handover (Anna → Tom)

## Servers
- SSH: root@10.20.0.5 pw {p1}
- Slack bot for alerts uses {b1}

## Open items
- renew the wildcard cert (expires 2024-05-01)
""", [p1, b1])

    # ================================================================ negatives
    add("neg/docs/runbooks/orders-db.md", "neg-runbook-vault-refs", """# Orders DB runbook

## Access

- Host: pg-orders-01.example.com
- Login: postgres / password: see 1Password item "Prod DB (orders)"
- Replica password: stored in Vault at `secret/data/orders/replica`
- pw: `<ask in #ops-oncall>`

Never paste passwords in Slack.
""", negative=True)

    add("neg/README-onboarding.md", "neg-onboarding-ask", """# Welcome to the team!

1. Ask IT for the VPN password on your first day.
2. The Wi-Fi password is on the whiteboard in the kitchen.
3. Figma: log in with Google SSO, there is no shared password.
4. Password: ******** (your AD password)
""", negative=True)

    add("neg/uebergabe/Zugangsdaten.csv", "neg-handover-csv-redacted", """Dienst;URL;Benutzer;Passwort;Bemerkung
Webmail;https://mail.example.com;info@example.com;siehe KeePass;Hauptpostfach
Hosting-Panel;https://panel.example.com;acme-admin;****;
Router;http://192.168.178.1;;<redacted>;FritzBox
Intranet;https://intranet.example.com;;(SSO);
""", negative=True)

    add("neg/slack-export/ops/2024-03-12.json", "neg-slack-export-redacted", json.dumps([
        {"type": "message", "text": "I rotated the DB password, the new one is in Vault at secret/orders/db",
         "user": "U0ABCDEF123", "ts": "1710240012.000200"},
        {"type": "message", "text": "password: [REDACTED] - please use the vault link", "user": "U0ABCDEF124",
         "ts": "1710240013.000200"},
        {"type": "message", "text": "reminder: passwords must be at least 14 characters and rotated every 90 days",
         "user": "U0ABCDEF125", "ts": "1710240014.000200"}], indent=4) + "\n", negative=True)

    add("neg/mail/password-changed.eml", "neg-eml-password-changed", """From: Portal <no-reply@example.com>
To: a.kowalski@example.com
Subject: Your password was changed
Content-Type: text/plain; charset=utf-8

Hello Anna,

the password for your account a.kowalski was changed on 12 March 2024.
If this was not you, reset your password at https://portal.example.com/reset
and contact support.

Password requirements: at least 12 characters, one digit, one symbol.
""", negative=True)

    h = [g.hex(64) for _ in range(3)]
    m = [g.hex(32) for _ in range(2)]
    add("neg/docs/security/advisory-2024-003.md", "neg-advisory-hashes", f"""# Security advisory 2024-003

Affected release: tools 2.4.1. Verify your download:

| file | sha256 |
|------|--------|
| tools-2.4.1-linux-amd64.tar.gz | {h[0]} |
| tools-2.4.1-darwin-arm64.tar.gz | {h[1]} |
| tools-2.4.1-windows-amd64.zip | {h[2]} |

Indicators of compromise (md5): `{m[0]}`, `{m[1]}`
""", negative=True)

    add("neg/export/confluence/OPS/vSphere-access.xml", "neg-confluence-placeholders", """<h2>Accounts</h2>
<table><tbody>
<tr><th><p>System</p></th><th><p>Username</p></th><th><p>Password</p></th></tr>
<tr><td><p>vCenter</p></td><td><p>administrator@vsphere.local</p></td><td><p>&lt;password&gt;</p></td></tr>
<tr><td><p>ESXi hosts</p></td><td><p>root</p></td><td><p>${ESXI_ROOT_PASSWORD}</p></td></tr>
</tbody></table>
""", negative=True)

    doc = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>Handover form</w:t></w:r></w:p>'
           '<w:p><w:r><w:t xml:space="preserve">Password: </w:t></w:r><w:r><w:t>____________________</w:t></w:r></w:p>'
           '<w:p><w:r><w:t xml:space="preserve">Kennwort: (wird separat mitgeteilt)</w:t></w:r></w:p>'
           '<w:sectPr/></w:body></w:document>')
    add("neg/handover/template/word/document.xml", "neg-docx-template",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + doc + "\n", negative=True)

    add("neg/exports/import-template.keepassxc.csv", "neg-keepassxc-template", """"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
"Root/Infra","Example","user@example.com","","https://example.com","fill in","","0","",""
"Root/Infra","Example 2","admin","CHANGE_ME","https://example.org","","","0","",""
""", negative=True)

    add("neg/org/work.org", "neg-org-pass-lookup", """* Servers
** db01
   :PROPERTIES:
   :HOST:     db01.example.com
   :USER:     postgres
   :PASSWORD: %(shell-command-to-string "pass show work/db01")
   :END:
#+begin_src emacs-lisp
(setq sql-password (auth-source-pick-first-password :host "db01.example.com"))
#+end_src
""", negative=True)

    add("neg/exports/jira/IT-900.json", "neg-jira-password-reset", json.dumps({
        "key": "IT-900", "fields": {
            "summary": "Reset password for user jdoe",
            "description": "User locked out. Temporary password sent via SMS, pw: xxxxxxxx. Password must be changed at next logon.",
            "comment": {"comments": [{"author": {"displayName": "IT Desk"}, "body": "Done, password reset, see ticket IT-899."}]}}},
        indent=2) + "\n", negative=True)

    add("neg/docs/security/rotation-schedule.md", "neg-rotation-schedule", """# Credential rotation schedule

| System | Secret | Rotation | Last rotated | Owner |
|--------|--------|----------|--------------|-------|
| Orders DB | postgres password | 90 days | 2024-02-01 | Dana |
| SMTP relay | app-mailer password | 180 days | 2023-11-15 | Tom |
| CI | deploy token | 30 days | 2024-03-01 | Anna |

Password policy: minimum length 14, no reuse of the last 12 passwords.
""", negative=True)
