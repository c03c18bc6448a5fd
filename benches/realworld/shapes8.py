"""Eighth batch of the real-world set, written blind from how admins write the configuration files
of self-hosted server software and infrastructure products: GitLab (`gitlab.rb`, runner
`config.toml`), Gitea `app.ini`, Nextcloud `config.php`, Mattermost `config.json`, Jira
`dbconfig.xml`, `sonar.properties`, the JFrog CLI config, `harbor.yml`, a Keycloak realm export,
Authelia, Traefik compose labels and a Caddyfile, Vaultwarden `.env`, the Zabbix frontend
`zabbix.conf.php`, Asterisk `sip.conf`/`pjsip.conf`, FreeRADIUS `clients.conf`, WireGuard,
strongSwan `swanctl.conf`, an OpenVPN inline static key, Home Assistant `secrets.yaml`, ESPHome,
Node-RED `settings.js`, n8n, Superset, Odoo, Synapse, Mastodon `.env.production`, Discourse
`app.yml`, restic/borg, the MinIO client config, OpenSearch `internal_users.yml`, a Debezium
connector, ProxySQL, pgbouncer `userlist.txt`, Patroni, Consul ACL tokens, a saved `vault operator
init`, a Ceph keyring, `slapd.conf`, Dovecot SQL, a Bind TSIG key, a Jenkins agent unit, Concourse
credentials and a Spinnaker halconfig; and the same files with placeholders, references, masked or
encrypted values and public keys.

Every value is drawn from the seeded generator with the alphabet and length of its format.
"""

import base64
import json
import string
import struct
import uuid

from shapes import B62, CRYPT, without


def build_eighth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$')

    def pw():
        return q(g.password())

    def human():
        """Passwords as admins pick them: a word and a year, leet, or a phrase with a digit."""
        words = ["Winter", "Autumn", "Harvest", "Lighthouse", "Penguin", "Kestrel", "Granite", "Voyager",
                 "Baltic", "Copper", "Meadow", "Thunder", "Saturn", "Pioneer", "Glacier", "Monday"]
        k = r.randrange(4)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2018, 2026)) + r.choice("!#@?&*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("&%#!") + str(r.randint(1, 99))
        if k == 2:
            return "Tr0ub4dor&" + str(r.randint(1, 9)) if r.randrange(2) else w[:4] + "-" + r.choice(words).lower() + "-" + str(r.randint(10, 99))
        return r.choice(words) + r.choice(words) + str(r.randint(1, 99)) + "!"

    def uid():
        return str(uuid.UUID(int=r.getrandbits(128), version=4))

    def b64n(n):
        return base64.b64encode(bytes(r.getrandbits(8) for _ in range(n))).decode()

    def syms(n, extra=".,;:^&*-_+=#~@"):
        return g.chars(string.ascii_letters + string.digits + extra, n)

    def bcrypt(cost=10, v="2b"):
        return "$%s$%02d$%s" % (v, cost, g.chars(CRYPT, 53))

    def apr1():
        return "$apr1$%s$%s" % (g.chars(CRYPT, 8), g.chars(CRYPT, 22))

    def argon2():
        return "$argon2id$v=19$m=65540,t=3,p=4$%s$%s" % (b64n(32).rstrip("="), b64n(32).rstrip("="))

    def cf_token():
        return g.chars(B62 + "-_", 40)

    def aws_id():
        return g.aws_key_id()

    def aws_secret():
        return g.aws_secret()

    # ---------------------------------------------------------------- GitLab / Gitea / runners
    p1, p2, p3 = human(), pw(), pw()
    add("etc/gitlab/gitlab.rb", "gitlab-rb", f"""## GitLab configuration settings
external_url 'https://git.northwind-apps.com'

gitlab_rails['initial_root_password'] = "{p1}"
gitlab_rails['time_zone'] = 'Europe/Berlin'

gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "smtp.office365.com"
gitlab_rails['smtp_port'] = 587
gitlab_rails['smtp_user_name'] = "gitlab@northwind-apps.com"
gitlab_rails['smtp_password'] = "{p2}"
gitlab_rails['smtp_domain'] = "northwind-apps.com"
gitlab_rails['smtp_authentication'] = "login"

gitlab_rails['ldap_enabled'] = true
gitlab_rails['ldap_servers'] = YAML.load <<-'EOS'
  main:
    label: 'Corp AD'
    host: 'dc01.corp.northwind-apps.com'
    port: 636
    uid: 'sAMAccountName'
    encryption: 'simple_tls'
    bind_dn: 'CN=svc-gitlab,OU=Service Accounts,DC=corp,DC=northwind-apps,DC=com'
    password: '{p3}'
    base: 'DC=corp,DC=northwind-apps,DC=com'
EOS

registry_external_url 'https://registry.northwind-apps.com'
letsencrypt['enable'] = true
""", [p1, p2, p3])

    t1 = "glrt-" + g.chars(B62 + "-_", 20)
    add("etc/gitlab-runner/config.toml", "gitlab-runner-config", f"""concurrent = 4
check_interval = 0

[session_server]
  session_timeout = 1800

[[runners]]
  name = "build-02"
  url = "https://git.fabrikam.org"
  id = 17
  token = "{t1}"
  token_obtained_at = 2025-03-11T09:14:22Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  [runners.docker]
    tls_verify = false
    image = "alpine:3.19"
    privileged = true
    volumes = ["/cache"]
""", [t1])

    p1, k1, k2 = pw(), g.alnum(64), g.b64url(43)
    itok = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=") + "." + \
        base64.urlsafe_b64encode(json.dumps({"nbf": 1700000000 + r.randint(0, 10**7)}, separators=(",", ":")).encode()).decode().rstrip("=") + \
        "." + g.b64url(43)
    add("data/gitea/conf/app.ini", "gitea-app-ini", f"""APP_NAME = Fabrikam Git
RUN_MODE = prod
RUN_USER = git

[database]
DB_TYPE  = postgres
HOST     = pg-main.fabrikam.org:5432
NAME     = gitea
USER     = gitea
PASSWD   = {p1}
SSL_MODE = disable

[server]
SSH_DOMAIN       = git.fabrikam.org
DOMAIN           = git.fabrikam.org
HTTP_PORT        = 3000
ROOT_URL         = https://git.fabrikam.org/
LFS_START_SERVER = true

[security]
INSTALL_LOCK   = true
SECRET_KEY     = {k1}
INTERNAL_TOKEN = {itok}

[oauth2]
JWT_SECRET = {k2}

[service]
DISABLE_REGISTRATION = true
""", [p1, k1, itok, k2])

    # ---------------------------------------------------------------- Nextcloud / Mattermost
    s1, s2, p1, p2 = g.alnum(30), g.chars(B62 + "+/", 48), pw(), human()
    add("var/www/nextcloud/config/config.php", "nextcloud-config-php", f"""<?php
$CONFIG = array (
  'instanceid' => 'oc{g.chars(string.ascii_lowercase + string.digits, 10)}',
  'passwordsalt' => '{s1}',
  'secret' => '{s2}',
  'trusted_domains' =>
  array (
    0 => 'cloud.acmecorp.de',
  ),
  'datadirectory' => '/srv/nextcloud-data',
  'dbtype' => 'mysql',
  'version' => '28.0.4.1',
  'overwrite.cli.url' => 'https://cloud.acmecorp.de',
  'dbname' => 'nextcloud',
  'dbhost' => 'localhost',
  'dbport' => '',
  'dbtableprefix' => 'oc_',
  'mysql.utf8mb4' => true,
  'dbuser' => 'ncadmin',
  'dbpassword' => '{p1}',
  'installed' => true,
  'mail_smtpmode' => 'smtp',
  'mail_smtphost' => 'mail.acmecorp.de',
  'mail_smtpauth' => 1,
  'mail_smtpname' => 'cloud@acmecorp.de',
  'mail_smtppassword' => '{p2}',
  'memcache.local' => '\\\\OC\\\\Memcache\\\\APCu',
);
""", [s1, s2, p1, p2])

    p1, p2, k1 = g.url_password(), pw(), g.chars(string.ascii_lowercase + string.digits, 32)
    mm = {"ServiceSettings": {"SiteURL": "https://chat.contoso-hosting.net", "ListenAddress": ":8065"},
          "SqlSettings": {"DriverName": "postgres",
                          "DataSource": f"postgres://mmuser:{p1}@pg-main.contoso-hosting.net:5432/mattermost?sslmode=disable&connect_timeout=10",
                          "DataSourceReplicas": [], "MaxIdleConns": 20,
                          "AtRestEncryptKey": k1},
          "EmailSettings": {"EnableSignUpWithEmail": True, "SMTPUsername": "mattermost@contoso-hosting.net",
                            "SMTPPassword": p2, "SMTPServer": "smtp.contoso-hosting.net", "SMTPPort": "587",
                            "ConnectionSecurity": "STARTTLS"},
          "FileSettings": {"DriverName": "local", "Directory": "./data/"}}
    add("opt/mattermost/config/config.json", "mattermost-config-json", json.dumps(mm, indent=4) + "\n", [p1, k1, p2])

    # ---------------------------------------------------------------- Atlassian / Sonar / JFrog / Harbor
    p1 = human()
    add("var/atlassian/application-data/jira/dbconfig.xml", "jira-dbconfig-xml", f"""<?xml version="1.0" encoding="UTF-8"?>

<jira-database-config>
  <name>defaultDS</name>
  <delegator-name>default</delegator-name>
  <database-type>postgres72</database-type>
  <schema-name>public</schema-name>
  <jdbc-datasource>
    <url>jdbc:postgresql://pg-main.acmecorp.de:5432/jiradb</url>
    <driver-class>org.postgresql.Driver</driver-class>
    <username>jiradbuser</username>
    <password>{p1}</password>
    <pool-min-size>40</pool-min-size>
    <pool-max-size>40</pool-max-size>
    <validation-query>select 1</validation-query>
  </jdbc-datasource>
</jira-database-config>
""", [p1])

    p1 = pw()
    add("opt/sonarqube/conf/sonar.properties", "sonar-properties", f"""# DATABASE
sonar.jdbc.username=sonarqube
sonar.jdbc.password={p1}
sonar.jdbc.url=jdbc:postgresql://pg-main.northwind-apps.com/sonarqube?currentSchema=public

# WEB SERVER
sonar.web.host=0.0.0.0
sonar.web.port=9000
sonar.web.javaOpts=-Xmx1G -Xms512m

sonar.search.javaOpts=-Xmx2G -Xms2G
""", [p1])

    p1 = human()
    rt = base64.b64encode(("reftkn:01:%d:%s" % (1700000000 + r.randint(0, 10**8), g.alnum(27))).encode()).decode()
    add("home/build/.jfrog/jfrog-cli.conf.v6", "jfrog-cli-conf", json.dumps({"servers": [{
        "url": "https://artifacts.fabrikam.org/", "artifactoryUrl": "https://artifacts.fabrikam.org/artifactory/",
        "distributionUrl": "https://artifacts.fabrikam.org/distribution/", "user": "ci-publisher",
        "password": p1, "accessToken": rt, "serverId": "fabrikam", "isDefault": True}], "version": "6"},
        indent=2) + "\n", [p1, rt])

    p1, p2 = human(), pw()
    add("opt/harbor/harbor.yml", "harbor-yml", f"""hostname: registry.contoso-hosting.net

http:
  port: 80

https:
  port: 443
  certificate: /etc/ssl/registry/fullchain.pem
  private_key: /etc/ssl/registry/privkey.pem

harbor_admin_password: {p1}

database:
  password: {p2}
  max_idle_conns: 100
  max_open_conns: 900

data_volume: /data

trivy:
  ignore_unfixed: false
  skip_update: false
""", [p1, p2])

    # ---------------------------------------------------------------- identity: Keycloak / Authelia
    c1, c2, p1 = g.alnum(32), g.alnum(32), pw()
    realm = {"id": uid(), "realm": "northwind", "enabled": True, "sslRequired": "external",
             "smtpServer": {"password": p1, "starttls": "true", "auth": "true", "port": "587",
                            "host": "smtp.northwind-apps.com", "from": "sso@northwind-apps.com",
                            "user": "sso@northwind-apps.com"},
             "clients": [
                 {"id": uid(), "clientId": "grafana", "name": "Grafana", "enabled": True,
                  "clientAuthenticatorType": "client-secret", "secret": c1,
                  "redirectUris": ["https://grafana.northwind-apps.com/login/generic_oauth"],
                  "publicClient": False, "protocol": "openid-connect"},
                 {"id": uid(), "clientId": "account-console", "publicClient": True,
                  "protocol": "openid-connect", "pkceCodeChallengeMethod": "S256"},
                 {"id": uid(), "clientId": "argocd", "enabled": True,
                  "clientAuthenticatorType": "client-secret", "secret": c2,
                  "redirectUris": ["https://argocd.northwind-apps.com/auth/callback"],
                  "publicClient": False, "protocol": "openid-connect"}]}
    add("keycloak/import/northwind-realm.json", "keycloak-realm-export", json.dumps(realm, indent=2) + "\n", [p1, c1, c2])

    j1, s1, e1, p1 = g.alnum(64), g.alnum(64), g.alnum(64), pw()
    add("authelia/config/configuration.yml", "authelia-configuration", f"""---
theme: dark
server:
  address: 'tcp://0.0.0.0:9091'

identity_validation:
  reset_password:
    jwt_secret: '{j1}'

authentication_backend:
  ldap:
    implementation: activedirectory
    address: 'ldaps://dc01.acmecorp.de'
    base_dn: 'DC=acmecorp,DC=de'
    user: 'CN=svc-authelia,OU=Service,DC=acmecorp,DC=de'
    password: '{p1}'

session:
  secret: '{s1}'
  cookies:
    - domain: 'acmecorp.de'
      authelia_url: 'https://auth.acmecorp.de'

storage:
  encryption_key: '{e1}'
  local:
    path: '/config/db.sqlite3'

notifier:
  filesystem:
    filename: '/config/notification.txt'
""", [j1, p1, s1, e1])

    # ---------------------------------------------------------------- reverse proxies
    h1, t1 = apr1(), cf_token()
    add("traefik/docker-compose.yml", "traefik-compose-labels", f"""services:
  traefik:
    image: traefik:v3.0
    command:
      - --providers.docker=true
      - --entrypoints.websecure.address=:443
      - --certificatesresolvers.le.acme.dnschallenge.provider=cloudflare
      - --certificatesresolvers.le.acme.email=ops@contoso-hosting.net
    environment:
      - CF_API_EMAIL=ops@contoso-hosting.net
      - CF_DNS_API_TOKEN={t1}
    ports:
      - "443:443"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
    labels:
      - "traefik.enable=true"
      - "traefik.http.routers.dashboard.rule=Host(`traefik.contoso-hosting.net`)"
      - "traefik.http.routers.dashboard.service=api@internal"
      - "traefik.http.middlewares.dash-auth.basicauth.users=admin:{h1.replace('$', '$$')}"
      - "traefik.http.routers.dashboard.middlewares=dash-auth"
""", [t1, h1.replace("$", "$$")])

    h1, t1 = bcrypt(14, "2a"), cf_token()
    add("etc/caddy/Caddyfile", "caddyfile", f"""{{
	email admin@fabrikam.org
	acme_dns cloudflare {t1}
}}

status.fabrikam.org {{
	basic_auth {{
		ops {h1}
	}}
	reverse_proxy uptime-kuma:3001
}}

files.fabrikam.org {{
	reverse_proxy filebrowser:80
}}
""", [t1, h1])

    a1, p1 = argon2(), pw()
    add("vaultwarden/.env", "vaultwarden-env", f"""DOMAIN=https://vault.northwind-apps.com
SIGNUPS_ALLOWED=false
ADMIN_TOKEN='{a1}'
SMTP_HOST=smtp.northwind-apps.com
SMTP_FROM=vault@northwind-apps.com
SMTP_PORT=587
SMTP_SECURITY=starttls
SMTP_USERNAME=vault@northwind-apps.com
SMTP_PASSWORD={p1}
WEBSOCKET_ENABLED=true
""", [a1, p1])

    p1 = human()
    add("usr/share/zabbix/conf/zabbix.conf.php", "zabbix-frontend-php", f"""<?php
// Zabbix GUI configuration file.

$DB['TYPE']				= 'POSTGRESQL';
$DB['SERVER']			= 'localhost';
$DB['PORT']				= '0';
$DB['DATABASE']			= 'zabbix';
$DB['USER']				= 'zabbix';
$DB['PASSWORD']			= '{p1}';

// Schema name. Used for PostgreSQL.
$DB['SCHEMA']			= '';

$ZBX_SERVER_NAME		= 'Zabbix Prod';

$IMAGE_FORMAT_DEFAULT	= IMAGE_FORMAT_PNG;
""", [p1])

    # ---------------------------------------------------------------- telephony / RADIUS / VPN
    p1, p2 = g.alnum(16), human()
    add("etc/asterisk/sip.conf", "asterisk-sip-conf", f"""[general]
context=default
allowoverlap=no
udpbindaddr=0.0.0.0
transport=udp
register => 4930118822:{p2}@sip.voip-carrier.de/4930118822

[6001]
type=friend
context=internal
host=dynamic
secret={p1}
disallow=all
allow=ulaw
""", [p1, p2])

    p1, p2 = g.alnum(20), pw()
    add("etc/asterisk/pjsip.conf", "asterisk-pjsip-conf", f"""[transport-udp]
type=transport
protocol=udp
bind=0.0.0.0

[1001]
type=endpoint
context=from-internal
disallow=all
allow=ulaw,alaw
auth=1001
aors=1001

[1001]
type=auth
auth_type=userpass
password={p1}
username=1001

[1001]
type=aor
max_contacts=1

[carrier-auth]
type=auth
auth_type=userpass
username=acmecorp_trunk
password={p2}
""", [p1, p2])

    s1, s2 = g.alnum(24), human()
    add("etc/freeradius/3.0/clients.conf", "freeradius-clients", f"""client localhost {{
	ipaddr = 127.0.0.1
	proto = *
	secret = testing123
	require_message_authenticator = no
}}

client office-aps {{
	ipaddr = 10.20.0.0/16
	secret = {s1}
	shortname = unifi
}}

client vpn-gw {{
	ipv4addr = 172.16.4.1
	secret = "{s2}"
	nas_type = other
}}
""", [s1, s2])

    k1, k2, pub = b64n(32), b64n(32), b64n(32)
    add("etc/wireguard/wg0.conf", "wireguard-conf", f"""[Interface]
Address = 10.8.0.2/24
PrivateKey = {k1}
DNS = 10.8.0.1

[Peer]
PublicKey = {pub}
PresharedKey = {k2}
Endpoint = vpn.acmecorp.de:51820
AllowedIPs = 10.8.0.0/24, 192.168.10.0/24
PersistentKeepalive = 25
""", [k1, k2])

    s1, s2 = pw(), human()
    add("etc/swanctl/conf.d/site-to-site.conf", "swanctl-conf", f"""connections {{
   hq-branch {{
      remote_addrs = 203.0.113.40
      local {{
         auth = psk
         id = hq.northwind-apps.com
      }}
      remote {{
         auth = psk
         id = branch.northwind-apps.com
      }}
      children {{
         net {{
            local_ts = 10.1.0.0/16
            remote_ts = 10.2.0.0/16
         }}
      }}
   }}
}}

secrets {{
   ike-branch {{
      id-1 = hq.northwind-apps.com
      id-2 = branch.northwind-apps.com
      secret = "{s1}"
   }}
   eap-road {{
      id = road-warrior
      secret = {s2}
   }}
}}
""", [s1, s2])

    sk = "\n".join(g.hex(32) for _ in range(16))
    add("home/mk/vpn/office.ovpn", "openvpn-inline-static-key", f"""client
dev tun
proto udp
remote vpn.contoso-hosting.net 1194
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
cipher AES-256-GCM
auth-user-pass
verb 3
<tls-crypt>
#
# 2048 bit OpenVPN static key
#
-----BEGIN OpenVPN Static key V1-----
{sk}
-----END OpenVPN Static key V1-----
</tls-crypt>
""", blocks=[("-----BEGIN OpenVPN Static key V1-----", "-----END OpenVPN Static key V1-----")])

    # ---------------------------------------------------------------- home automation
    p1, p2, k1 = human(), pw(), g.hex(32)
    add("homeassistant/secrets.yaml", "home-assistant-secrets", f"""# Use this file to store secrets like usernames and passwords.
latitude_home: 52.3731
longitude_home: 4.8922
wifi_ssid: "Fritzbox-7590-Upstairs"
wifi_password: "{p1}"
mqtt_user: homeassistant
mqtt_password: {p2}
openweathermap_api_key: {k1}
""", [p1, p2, k1])

    k1, p1, p2, p3 = b64n(32), g.hex(32), human(), g.alnum(12)
    add("esphome/garage-door.yaml", "esphome-node", f"""esphome:
  name: garage-door
  friendly_name: Garage Door

esp32:
  board: esp32dev

api:
  encryption:
    key: "{k1}"

ota:
  - platform: esphome
    password: "{p1}"

wifi:
  ssid: "IoT-Net"
  password: "{p2}"
  ap:
    ssid: "Garage-Door Fallback Hotspot"
    password: "{p3}"

captive_portal:
""", [k1, p1, p2, p3])

    h1, s1 = bcrypt(8, "2b"), g.hex(32)
    add("home/pi/.node-red/settings.js", "node-red-settings", f"""module.exports = {{
    flowFile: 'flows.json',
    credentialSecret: "{s1}",
    flowFilePretty: true,

    adminAuth: {{
        type: "credentials",
        users: [{{
            username: "admin",
            password: "{h1}",
            permissions: "*"
        }}]
    }},

    uiPort: process.env.PORT || 1880,
    diagnostics: {{ enabled: true, ui: true }},
}}
""", [s1, h1])

    k1, p1 = g.alnum(32), pw()
    add("n8n/docker-compose.yml", "n8n-compose-env", f"""services:
  n8n:
    image: docker.n8n.io/n8nio/n8n
    restart: always
    ports:
      - "5678:5678"
    environment:
      - N8N_HOST=n8n.acmecorp.de
      - N8N_PROTOCOL=https
      - N8N_ENCRYPTION_KEY={k1}
      - DB_TYPE=postgresdb
      - DB_POSTGRESDB_HOST=postgres
      - DB_POSTGRESDB_USER=n8n
      - DB_POSTGRESDB_PASSWORD={p1}
      - GENERIC_TIMEZONE=Europe/Berlin
    volumes:
      - n8n_data:/home/node/.n8n
""", [k1, p1])

    # ---------------------------------------------------------------- BI / ERP / chat / social
    k1, p1 = g.b64(42), g.url_password()
    add("superset/superset_config.py", "superset-config-py", f"""import os

ROW_LIMIT = 5000
SUPERSET_WEBSERVER_PORT = 8088

SECRET_KEY = '{k1}'

SQLALCHEMY_DATABASE_URI = 'postgresql+psycopg2://superset:{p1}@pg-main.northwind-apps.com:5432/superset'

WTF_CSRF_ENABLED = True
MAPBOX_API_KEY = os.environ.get("MAPBOX_API_KEY", "")
FEATURE_FLAGS = {{"ALERT_REPORTS": True}}
""", [k1, p1])

    p1, p2 = human(), pw()
    add("etc/odoo/odoo.conf", "odoo-conf", f"""[options]
addons_path = /usr/lib/python3/dist-packages/odoo/addons,/opt/odoo/custom-addons
admin_passwd = {p1}
db_host = pg-main.fabrikam.org
db_port = 5432
db_user = odoo
db_password = {p2}
dbfilter = ^fabrikam$
proxy_mode = True
workers = 4
logfile = /var/log/odoo/odoo-server.log
""", [p1, p2])

    r1, m1, f1, p1 = syms(50), syms(50), syms(50), pw()
    add("matrix/synapse/homeserver.yaml", "synapse-homeserver", f"""server_name: "contoso-hosting.net"
pid_file: /data/homeserver.pid
listeners:
  - port: 8008
    tls: false
    type: http
    x_forwarded: true
    resources:
      - names: [client, federation]
        compress: false
database:
  name: psycopg2
  args:
    user: synapse
    password: "{p1}"
    database: synapse
    host: pg-main.contoso-hosting.net
    cp_min: 5
    cp_max: 10
log_config: "/data/contoso-hosting.net.log.config"
media_store_path: /data/media_store
registration_shared_secret: "{r1}"
report_stats: false
macaroon_secret_key: "{m1}"
form_secret: "{f1}"
signing_key_path: "/data/contoso-hosting.net.signing.key"
trusted_key_servers:
  - server_name: "matrix.org"
""", [p1, r1, m1, f1])

    kb, otp, vpriv, p1, p2 = g.hex(128), g.hex(128), g.b64url(43) + "=", pw(), pw()
    vpub = "B" + g.b64url(86) + "="
    add("live/.env.production", "mastodon-env-production", f"""LOCAL_DOMAIN=social.acmecorp.de
REDIS_HOST=redis
REDIS_PORT=6379
DB_HOST=db
DB_USER=mastodon
DB_NAME=mastodon_production
DB_PASS={p1}
DB_PORT=5432
SECRET_KEY_BASE={kb}
OTP_SECRET={otp}
VAPID_PRIVATE_KEY={vpriv}
VAPID_PUBLIC_KEY={vpub}
SMTP_SERVER=smtp.mailgun.org
SMTP_PORT=587
SMTP_LOGIN=postmaster@mg.acmecorp.de
SMTP_PASSWORD={p2}
SMTP_FROM_ADDRESS=notifications@social.acmecorp.de
S3_ENABLED=false
""", [p1, kb, otp, vpriv, p2])

    p1, mm1 = pw(), g.alnum(6) + "_" + g.alnum(29) + "_mmk"
    add("var/discourse/containers/app.yml", "discourse-app-yml", f"""templates:
  - "templates/postgres.template.yml"
  - "templates/redis.template.yml"
  - "templates/web.template.yml"
  - "templates/web.ratelimited.template.yml"

expose:
  - "80:80"
  - "443:443"

env:
  LC_ALL: en_US.UTF-8
  LANG: en_US.UTF-8
  UNICORN_WORKERS: 4
  DISCOURSE_HOSTNAME: forum.northwind-apps.com
  DISCOURSE_DEVELOPER_EMAILS: 'admin@northwind-apps.com'
  DISCOURSE_SMTP_ADDRESS: smtp-relay.brevo.com
  DISCOURSE_SMTP_PORT: 587
  DISCOURSE_SMTP_USER_NAME: forum@northwind-apps.com
  DISCOURSE_SMTP_PASSWORD: "{p1}"
  DISCOURSE_MAXMIND_LICENSE_KEY: {mm1}

volumes:
  - volume:
      host: /var/discourse/shared/standalone
      guest: /shared
""", [p1, mm1])

    # ---------------------------------------------------------------- backups / object storage
    p1, bid, bkey = human(), "00" + g.hex(12) + "000000000" + str(r.randint(1, 9)), "K00" + g.chars(B62 + "/+", 28)
    add("etc/restic/b2.env", "restic-env", f"""RESTIC_REPOSITORY=b2:fabrikam-backups:/nas01
RESTIC_PASSWORD={p1}
B2_ACCOUNT_ID={bid}
B2_ACCOUNT_KEY={bkey}
""", [p1, bid, bkey])

    p1 = human() + " " + r.choice(["horse", "staple", "lantern", "river"])
    add("usr/local/bin/borg-backup.sh", "borg-script", f"""#!/bin/sh
# nightly borg backup, run from cron

export BORG_REPO=ssh://u289411@u289411.your-storagebox.de:23/./backups/web01
export BORG_PASSPHRASE='{p1}'

info() {{ printf "\\n%s %s\\n\\n" "$( date )" "$*" >&2; }}
trap 'echo $( date ) Backup interrupted >&2; exit 2' INT TERM

borg create --verbose --filter AME --list --stats --compression lz4 \\
    ::'{{hostname}}-{{now}}' /etc /home /var/www
borg prune --list --keep-daily 7 --keep-weekly 4 --keep-monthly 6
""", [p1])

    a1, s1 = g.chars(string.ascii_uppercase + string.digits, 20), g.chars(B62 + "+/", 40)
    add("home/ops/.mc/config.json", "minio-mc-config", json.dumps({"version": "10", "aliases": {
        "local": {"url": "http://localhost:9000", "accessKey": "", "secretKey": "", "api": "S3v4", "path": "auto"},
        "s3prod": {"url": "https://s3.acmecorp.de", "accessKey": a1, "secretKey": s1, "api": "s3v4", "path": "auto"}}},
        indent=2) + "\n", [a1, s1])

    # ---------------------------------------------------------------- data platform
    h1, h2 = bcrypt(12, "2y"), bcrypt(12, "2y")
    add("opensearch/config/opensearch-security/internal_users.yml", "opensearch-internal-users", f"""---
_meta:
  type: "internalusers"
  config_version: 2

admin:
  hash: "{h1}"
  reserved: true
  backend_roles:
  - "admin"
  description: "Cluster admin"

logstash:
  hash: "{h2}"
  reserved: false
  backend_roles:
  - "logstash"
""", [h1, h2])

    p1 = pw()
    add("connect/connectors/inventory-cdc.json", "debezium-connector-json", json.dumps({
        "name": "inventory-cdc", "config": {
            "connector.class": "io.debezium.connector.mysql.MySqlConnector", "tasks.max": "1",
            "database.hostname": "mysql.northwind-apps.com", "database.port": "3306",
            "database.user": "debezium", "database.password": p1, "database.server.id": "184054",
            "topic.prefix": "inventory", "database.include.list": "inventory",
            "schema.history.internal.kafka.bootstrap.servers": "kafka:9092",
            "schema.history.internal.kafka.topic": "schemahistory.inventory"}}, indent=2) + "\n", [p1])

    p1, p2, p3 = pw(), human(), pw()
    add("etc/proxysql.cnf", "proxysql-cnf", f"""datadir="/var/lib/proxysql"

admin_variables=
{{
    admin_credentials="admin:{p1}"
    mysql_ifaces="0.0.0.0:6032"
}}

mysql_variables=
{{
    threads=4
    max_connections=2048
    monitor_username="monitor"
    monitor_password="{p2}"
}}

mysql_users =
(
    {{
        username = "shop"
        password = "{p3}"
        default_hostgroup = 0
        active = 1
    }}
)
""", [p1, p2, p3])

    s1 = "SCRAM-SHA-256$4096:%s$%s:%s" % (b64n(16), b64n(32), b64n(32))
    m1 = "md5" + g.hex(32)
    add("etc/pgbouncer/userlist.txt", "pgbouncer-userlist", f""""app" "{s1}"
"reporting" "{m1}"
""", [s1, m1])

    p1, p2, p3 = pw(), pw(), human()
    add("etc/patroni/patroni.yml", "patroni-yml", f"""scope: pg-cluster
namespace: /service/
name: pg-node-1

restapi:
  listen: 0.0.0.0:8008
  connect_address: 10.0.12.11:8008
  authentication:
    username: patroni
    password: {p3}

etcd3:
  hosts: 10.0.12.21:2379,10.0.12.22:2379,10.0.12.23:2379

postgresql:
  listen: 0.0.0.0:5432
  connect_address: 10.0.12.11:5432
  data_dir: /var/lib/postgresql/16/main
  authentication:
    superuser:
      username: postgres
      password: '{p1}'
    replication:
      username: replicator
      password: '{p2}'
""", [p3, p1, p2])

    # ---------------------------------------------------------------- HashiCorp / Ceph
    t1, t2, e1 = uid(), uid(), b64n(32)
    add("etc/consul.d/consul.hcl", "consul-acl-hcl", f"""datacenter = "fra1"
data_dir   = "/opt/consul"
encrypt    = "{e1}"
server     = true
bootstrap_expect = 3
retry_join = ["10.0.20.11", "10.0.20.12", "10.0.20.13"]

acl {{
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
  tokens {{
    initial_management = "{t1}"
    agent              = "{t2}"
  }}
}}
""", [e1, t1, t2])

    keys = [b64n(33) for _ in range(5)]
    root = "hvs." + g.alnum(24)
    add("root/vault-init.txt", "vault-init-output", "\n".join(
        "Unseal Key %d: %s" % (i + 1, k) for i, k in enumerate(keys)) + f"""

Initial Root Token: {root}

Vault initialized with 5 key shares and a key threshold of 3. Please securely
distribute the key shares printed above. When the Vault is re-sealed,
restarted, or stopped, you must supply at least 3 of these keys to unseal it
before it can start servicing requests.
""", keys + [root])

    ck = base64.b64encode(struct.pack("<HIIH", 1, 1700000000 + r.randint(0, 10**7), r.getrandbits(30), 16)
                          + bytes(r.getrandbits(8) for _ in range(16))).decode()
    add("etc/ceph/ceph.client.admin.keyring", "ceph-keyring", f"""[client.admin]
	key = {ck}
	caps mds = "allow *"
	caps mgr = "allow *"
	caps mon = "allow *"
	caps osd = "allow *"
""", [ck])

    # ---------------------------------------------------------------- directory / mail / DNS
    p1 = human()
    add("etc/openldap/slapd.conf", "slapd-conf", f"""include		/etc/openldap/schema/core.schema
include		/etc/openldap/schema/cosine.schema
include		/etc/openldap/schema/inetorgperson.schema

pidfile		/var/run/openldap/slapd.pid
argsfile	/var/run/openldap/slapd.args

database	mdb
maxsize		1073741824
suffix		"dc=fabrikam,dc=org"
rootdn		"cn=Manager,dc=fabrikam,dc=org"
rootpw		{p1}
directory	/var/lib/openldap/openldap-data
index	objectClass	eq
""", [p1])

    p1 = pw()
    add("etc/dovecot/dovecot-sql.conf.ext", "dovecot-sql-conf", f"""driver = mysql
connect = host=127.0.0.1 dbname=mailserver user=mailuser password={p1}
default_pass_scheme = SHA512-CRYPT
password_query = SELECT email as user, password FROM virtual_users WHERE email='%u';
""", [p1])

    k1 = b64n(32)
    add("etc/bind/named.conf.local", "bind-tsig-key", f"""key "ddns-update" {{
	algorithm hmac-sha256;
	secret "{k1}";
}};

zone "lan.contoso-hosting.net" {{
	type master;
	file "/var/lib/bind/db.lan.contoso-hosting.net";
	allow-update {{ key "ddns-update"; }};
}};
""", [k1])

    # ---------------------------------------------------------------- CI/CD servers and agents
    s1 = g.hex(64)
    add("etc/systemd/system/jenkins-agent.service", "jenkins-agent-unit", f"""[Unit]
Description=Jenkins inbound agent
After=network-online.target

[Service]
User=jenkins
WorkingDirectory=/var/lib/jenkins-agent
ExecStart=/usr/bin/java -jar /var/lib/jenkins-agent/agent.jar -url https://ci.fabrikam.org/ -secret {s1} -name build-linux-03 -workDir /var/lib/jenkins-agent
Restart=always

[Install]
WantedBy=multi-user.target
""", [s1])

    p1 = g.alnum(24)
    pem = g.pem("RSA PRIVATE KEY", 1190)
    add("ci/concourse/credentials.yml", "concourse-credentials-yml", f"""docker-username: fabrikamci
docker-password: {p1}
git-uri: git@github.com:fabrikam/platform.git
git-private-key: |
  {pem.replace(chr(10), chr(10) + '  ')}
slack-channel: "#deploys"
""", [p1], blocks=[("BEGIN RSA PRIVATE KEY", "END RSA PRIVATE KEY")])

    p1, a1, s1 = pw(), aws_id(), aws_secret()
    add("home/spinnaker/.hal/config", "spinnaker-halconfig", f"""currentDeployment: default
deploymentConfigurations:
- name: default
  version: 1.32.2
  providers:
    dockerRegistry:
      enabled: true
      accounts:
      - name: harbor
        address: https://registry.northwind-apps.com
        username: spinnaker
        password: {p1}
        repositories:
        - platform/api
  persistentStorage:
    persistentStoreType: s3
    s3:
      bucket: nw-spinnaker
      region: eu-central-1
      accessKeyId: {a1}
      secretAccessKey: {s1}
""", [p1, a1, s1])

    # ================================================================ negatives
    add("neg/etc/gitlab/gitlab.rb", "neg-gitlab-rb", """## GitLab configuration settings (package template, untouched)
external_url 'http://gitlab.example.com'

# gitlab_rails['initial_root_password'] = "password"
# gitlab_rails['smtp_enable'] = true
# gitlab_rails['smtp_address'] = "smtp.server"
# gitlab_rails['smtp_user_name'] = "smtp user"
# gitlab_rails['smtp_password'] = "smtp password"
# gitlab_rails['db_password'] = nil
# gitlab_rails['initial_shared_runners_registration_token'] = "token"
gitlab_rails['smtp_password'] = File.read('/run/secrets/smtp_password').strip
gitlab_rails['db_password'] = ENV['GITLAB_DB_PASSWORD']
""", negative=True)

    pubs = [b64n(32) for _ in range(3)]
    add("neg/etc/wireguard/wg0.conf", "neg-wireguard", f"""[Interface]
Address = 10.8.0.1/24
ListenPort = 51820
PostUp = wg set %i private-key /etc/wireguard/server.key
PostUp = iptables -A FORWARD -i %i -j ACCEPT

# laptop
[Peer]
PublicKey = {pubs[0]}
AllowedIPs = 10.8.0.2/32

# phone
[Peer]
PublicKey = {pubs[1]}
AllowedIPs = 10.8.0.3/32

[Peer]
PublicKey = {pubs[2]}
AllowedIPs = 10.8.0.4/32
""", negative=True)

    add("neg/homeassistant/configuration.yaml", "neg-home-assistant", """default_config:

homeassistant:
  name: Home
  latitude: !secret latitude_home
  longitude: !secret longitude_home

mqtt:
  broker: 192.168.1.20
  username: !secret mqtt_user
  password: !secret mqtt_password

weather:
  - platform: openweathermap
    api_key: !secret openweathermap_api_key

http:
  use_x_forwarded_for: true
  trusted_proxies:
    - 172.30.33.0/24
""", negative=True)

    realm = {"id": uid(), "realm": "northwind", "enabled": True,
             "smtpServer": {"password": "**********", "host": "smtp.example.com", "auth": "true"},
             "clients": [{"id": uid(), "clientId": "grafana", "clientAuthenticatorType": "client-secret",
                          "secret": "**********", "publicClient": False},
                         {"id": uid(), "clientId": "admin-cli", "publicClient": True},
                         {"id": uid(), "clientId": "broker", "clientAuthenticatorType": "client-secret",
                          "secret": "${BROKER_CLIENT_SECRET}", "publicClient": False}]}
    add("neg/keycloak/realm-export.json", "neg-keycloak-export", json.dumps(realm, indent=2) + "\n", negative=True)

    add("neg/matrix/homeserver.yaml", "neg-synapse", """server_name: "example.org"
database:
  name: psycopg2
  args:
    user: synapse
    password: "<your db password>"
    database: synapse
registration_shared_secret_path: /run/secrets/synapse_registration_secret
macaroon_secret_key_path: /run/secrets/synapse_macaroon_key
form_secret_path: /run/secrets/synapse_form_secret
signing_key_path: "/data/example.org.signing.key"
email:
  smtp_host: mail.example.org
  smtp_user: synapse
  smtp_pass: "${SMTP_PASS}"
""", negative=True)

    add("neg/traefik/docker-compose.yml", "neg-traefik", """services:
  traefik:
    image: traefik:v3.0
    environment:
      - CF_DNS_API_TOKEN_FILE=/run/secrets/cf_token
      - CF_API_EMAIL=${ACME_EMAIL}
    secrets:
      - cf_token
    labels:
      - "traefik.http.middlewares.dash-auth.basicauth.usersfile=/etc/traefik/users.htpasswd"
      - "traefik.http.middlewares.dash-auth.basicauth.realm=Dashboard"
secrets:
  cf_token:
    file: ./secrets/cf_token.txt
""", negative=True)

    add("neg/home/pi/.node-red/flows_cred.json", "neg-node-red-creds", json.dumps(
        {"$": g.hex(32) + g.b64(96)}) + "\n", negative=True)

    add("neg/godata/config/cruise-config.xml", "neg-gocd-encrypted", f"""<?xml version="1.0" encoding="utf-8"?>
<cruise schemaVersion="139">
  <server artifactsdir="artifacts" serverId="{uid()}">
    <security>
      <authConfigs>
        <authConfig id="ldap" pluginId="cd.go.authentication.ldap">
          <property>
            <key>ManagerDN</key>
            <value>cn=gocd,ou=svc,dc=example,dc=com</value>
          </property>
          <property>
            <key>Password</key>
            <encryptedValue>AES:{g.b64(16)}:{g.b64(32)}</encryptedValue>
          </property>
        </authConfig>
      </authConfigs>
    </security>
  </server>
</cruise>
""", negative=True)

    add("neg/live/.env.production.sample", "neg-mastodon-sample", """LOCAL_DOMAIN=example.com
REDIS_HOST=localhost
DB_HOST=/var/run/postgresql
DB_USER=mastodon
DB_PASS=
# Generate each with `RAILS_ENV=production bundle exec rails secret`
SECRET_KEY_BASE=
OTP_SECRET=
# Generate with `bundle exec rails mastodon:webpush:generate_vapid_key`
VAPID_PRIVATE_KEY=
VAPID_PUBLIC_KEY=
SMTP_LOGIN=
SMTP_PASSWORD=
""", negative=True)

    add("neg/etc/consul.d/consul.hcl", "neg-consul", """datacenter = "dc1"
data_dir   = "/opt/consul"
encrypt    = "{{ consul_gossip_key }}"
acl {
  enabled        = true
  default_policy = "deny"
  tokens {
    agent = "{{ with secret \\"consul/creds/agent\\" }}{{ .Data.token }}{{ end }}"
  }
}
""", negative=True)

    add("neg/etc/ceph/ceph.conf", "neg-ceph-conf", f"""[global]
fsid = {uid()}
mon_initial_members = ceph-mon-1, ceph-mon-2, ceph-mon-3
mon_host = 10.0.40.11,10.0.40.12,10.0.40.13
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx

[client.admin]
keyring = /etc/ceph/ceph.client.admin.keyring
""", negative=True)
