"""Thirty-second batch of the real-world set: identity, single sign-on and directory services.

Written blind (committed before any scanner ran on it) from the tools' documented configuration
syntax and how the files are committed in practice: Keycloak (`keycloak.conf`, `kcadm.sh`
scripts, a realm export's LDAP federation `bindCredential` and identity-provider `clientSecret`,
compose `KC_*` variables, a client-credentials `curl` against the token endpoint), oauth2-proxy
(`oauth2-proxy.cfg`, container args), Dex (`staticClients`, LDAP `bindPW`, GitHub connector),
Authentik `.env`, Authelia's OIDC provider section, Zitadel `--masterkey`, Ory Kratos
(`secrets.cookie/cipher`, courier SMTP URI), Apereo CAS `cas.properties`, Shibboleth IdP
`secrets.properties`, SimpleSAMLphp `config.php` and `authsources.php`, python3-saml
`settings.json` (a header-less base64 private key), ruby-saml with an inline key, Apache
`mod_auth_openidc`, Pomerium, traefik-forward-auth, `kubelogin` exec args, Argo CD
`oidc.config`, GitLab `omniauth_providers` and `ldap_servers`, OIDC client secrets in application
configs (Spring Security `.properties`, ASP.NET `AzureAd`, Django allauth, python-social-auth,
Passport.js, OmniAuth, Laravel Socialite, Google `client_secret.json`), Auth0 (deploy-cli
`config.json`, a management API token), Okta (Spring Boot starter, `.env` API token), OneLogin
and JumpCloud Terraform providers; LDAP (`ldappasswd`, pam_ldap `ldap.secret`, cn=config
`olcRootPW` plaintext, python-ldap and ldap3 binds, Superset `AUTH_LDAP_BIND_PASSWORD`), Kerberos
(`kinit` with a piped password, `kadmin -w`, a base64 keytab in a CI variable), realmd/Samba
domain joins and FreeIPA installers (`ipa-server-install -a -p`, ansible-freeipa
`ipaadmin_password`).

Public values sit unlabelled beside the secrets: client ids, tenant ids, issuer URLs, realm names,
bind DNs, certificates, an Authelia client secret stored as its pbkdf2 digest. Negatives: the
same files with env look-ups (`${...}`, `$VAR`, `env()`), templates with documented placeholder
text, the tools' documented insecure defaults, password verifiers (Dex `staticPasswords` bcrypt
hashes, Authelia users' argon2 hashes), public SAML metadata and JWKS, and docs that prompt for
passwords (`-W`, `-y file`, `Get-Credential`).
"""

import base64
import json
import string
import subprocess

from shapes import B62

LOWER = string.ascii_lowercase
HEXD = "0123456789abcdef"


def build_thirtysecond(g, add):
    r = g.r

    def pw():
        """A password that survives shell, XML, PHP and YAML quoting."""
        return "".join(c for c in g.password() if c not in '\'"\\`$<>&#%; ,!{}')

    def kc_secret():
        return g.alnum(32)

    def azure_secret():
        return g.chars(B62, 3) + g.chars(string.digits, 1) + "Q~" + g.chars(B62 + "_~.-", 34)

    def gocspx():
        return "GOCSPX-" + g.chars(B62 + "-_", 28)

    def google_id():
        return "%d-%s.apps.googleusercontent.com" % (r.randint(10**11, 10**12 - 1), g.chars(LOWER + string.digits, 32))

    def gh_id():
        return "Ov23li" + g.alnum(14)

    def gh_secret():
        return g.hex(40)

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def rand_bytes(n):
        return bytes(r.getrandbits(8) for _ in range(n))

    def cookie_secret():
        """`openssl rand -base64 32 | tr -- '+/' '-_'`, as the oauth2-proxy docs generate it."""
        return base64.urlsafe_b64encode(rand_bytes(32)).decode()

    def auth0_secret():
        return g.chars(B62 + "-_", 64)

    def okta_token():
        return "00" + g.chars(B62 + "-_", 40)

    def jwt_rs(claims):
        head = b64url_nopad(json.dumps({"alg": "RS256", "typ": "JWT", "kid": g.alnum(22)}, separators=(",", ":")).encode())
        body = b64url_nopad(json.dumps(claims, separators=(",", ":")).encode())
        return "%s.%s.%s" % (head, body, g.b64url(342))

    def openssl(*args):
        try:
            out = subprocess.run(["openssl", *args], capture_output=True, check=True)
            return out.stdout.decode().strip() or None
        except (OSError, subprocess.CalledProcessError):
            return None

    def rsa_p8():
        return openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")

    def keytab_b64():
        """A keytab file (version 0x0502, one AES256 entry) base64-encoded for a CI variable."""
        realm, princ = b"CORP.FABRIKAM.LAN", b"svc-build"
        key = rand_bytes(32)
        entry = ((1).to_bytes(2, "big") + len(realm).to_bytes(2, "big") + realm
                 + len(princ).to_bytes(2, "big") + princ + (1).to_bytes(4, "big")
                 + (1700000000 + r.randint(0, 10**7)).to_bytes(4, "big") + bytes([3])
                 + (18).to_bytes(2, "big") + (32).to_bytes(2, "big") + key + (3).to_bytes(4, "big"))
        raw = b"\x05\x02" + len(entry).to_bytes(4, "big") + entry
        return base64.b64encode(raw).decode()

    # ================================================================ Keycloak
    dbp, ksp = pw(), pw()
    add("keycloak/conf/keycloak.conf", "keycloak-conf", f"""# Basic settings for running in production. Change accordingly before deploying the server.

# Database
db=postgres
db-username=keycloak
db-password={dbp}
db-url=jdbc:postgresql://pg-iam.internal.northwind-apps.com:5432/keycloak

# Observability
health-enabled=true
metrics-enabled=true

# HTTP
https-key-store-file=/opt/keycloak/conf/server.keystore
https-key-store-password={ksp}

# Hostname for the Keycloak server.
hostname=sso.northwind-apps.com
proxy-headers=xforwarded
""", [dbp, ksp])

    ap, cs, opw = pw(), kc_secret(), pw()
    add("keycloak/scripts/bootstrap-realm.sh", "kcadm-script", f"""#!/usr/bin/env bash
# Create the realm and the API client after a fresh install.
set -euo pipefail
KCADM=/opt/keycloak/bin/kcadm.sh

$KCADM config credentials --server https://sso.fabrikam.org --realm master --user admin --password '{ap}'

$KCADM create realms -s realm=fabrikam -s enabled=true -s sslRequired=external
$KCADM create clients -r fabrikam -s clientId=orders-api -s enabled=true \\
    -s clientAuthenticatorType=client-secret -s secret={cs} \\
    -s serviceAccountsEnabled=true -s 'redirectUris=["https://orders.fabrikam.org/*"]'
$KCADM create users -r fabrikam -s username=ops -s enabled=true
$KCADM set-password -r fabrikam --username ops --new-password '{opw}' 2>/dev/null || true
""", [ap, cs, opw])

    bind, idp, cli = pw(), gocspx(), kc_secret()
    realm = {
        "id": "contoso", "realm": "contoso", "enabled": True, "sslRequired": "external",
        "clients": [{"clientId": "intranet", "enabled": True, "clientAuthenticatorType": "client-secret",
                     "secret": cli, "redirectUris": ["https://intranet.contoso-hosting.net/*"],
                     "publicClient": False, "protocol": "openid-connect"}],
        "identityProviders": [{"alias": "google", "providerId": "google", "enabled": True,
                               "trustEmail": True, "firstBrokerLoginFlowAlias": "first broker login",
                               "config": {"clientId": google_id(), "clientSecret": idp,
                                          "syncMode": "IMPORT", "useJwksUrl": "true"}}],
        "components": {"org.keycloak.storage.UserStorageProvider": [{
            "name": "corp-ad", "providerId": "ldap", "subComponents": {},
            "config": {"vendor": ["ad"], "connectionUrl": ["ldaps://dc01.corp.contoso-hosting.net:636"],
                       "bindDn": ["CN=svc-keycloak,OU=Service Accounts,DC=corp,DC=contoso-hosting,DC=net"],
                       "bindCredential": [bind], "usersDn": ["OU=Staff,DC=corp,DC=contoso-hosting,DC=net"],
                       "authType": ["simple"], "editMode": ["READ_ONLY"], "usernameLDAPAttribute": ["sAMAccountName"],
                       "rdnLDAPAttribute": ["cn"], "uuidLDAPAttribute": ["objectGUID"],
                       "userObjectClasses": ["person, organizationalPerson, user"]}}]},
    }
    add("keycloak/import/contoso-realm.json", "keycloak-realm-ldap-idp", json.dumps(realm, indent=2) + "\n", [bind, idp, cli])

    kp, kdb = pw(), pw()
    add("deploy/sso/docker-compose.yml", "keycloak-compose-kc-env", f"""services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_DB: keycloak
      POSTGRES_USER: keycloak
      POSTGRES_PASSWORD: {kdb}
  keycloak:
    image: quay.io/keycloak/keycloak:25.0
    command: start --optimized
    environment:
      KC_DB: postgres
      KC_DB_URL: jdbc:postgresql://postgres:5432/keycloak
      KC_DB_USERNAME: keycloak
      KC_DB_PASSWORD: {kdb}
      KC_HOSTNAME: auth.acmecorp.de
      KC_BOOTSTRAP_ADMIN_USERNAME: admin
      KC_BOOTSTRAP_ADMIN_PASSWORD: {kp}
    ports:
      - "8443:8443"
    depends_on:
      - postgres
""", [kdb, kp])

    cs2 = kc_secret()
    add("tools/get-token.sh", "keycloak-client-credentials-curl", f"""#!/bin/sh
# Fetch a service token for the reporting job.
TOKEN=$(curl -s -X POST \\
  "https://sso.northwind-apps.com/realms/northwind/protocol/openid-connect/token" \\
  -H "Content-Type: application/x-www-form-urlencoded" \\
  -d "grant_type=client_credentials" \\
  -d "client_id=reporting-job" \\
  -d "client_secret={cs2}" | jq -r .access_token)

curl -s -H "Authorization: Bearer $TOKEN" https://reports.northwind-apps.com/api/v1/nightly
""", [cs2])

    # ================================================================ oauth2-proxy
    c1, c2 = gocspx(), cookie_secret()
    add("deploy/oauth2-proxy/oauth2-proxy.cfg", "oauth2-proxy-cfg", f"""## OAuth2 Proxy Config File
http_address = "0.0.0.0:4180"
upstreams = [
    "http://127.0.0.1:8080/"
]
email_domains = [
    "fabrikam.org"
]
provider = "google"
client_id = "{google_id()}"
client_secret = "{c1}"
cookie_name = "_oauth2_proxy"
cookie_secret = "{c2}"
cookie_secure = true
cookie_expire = "168h"
redirect_url = "https://grafana.fabrikam.org/oauth2/callback"
""", [c1, c2])

    c1, c2 = gh_secret(), cookie_secret()
    add("k8s/oauth2-proxy/deployment.yaml", "oauth2-proxy-container-args", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: oauth2-proxy
  namespace: monitoring
spec:
  replicas: 1
  selector:
    matchLabels:
      app: oauth2-proxy
  template:
    metadata:
      labels:
        app: oauth2-proxy
    spec:
      containers:
        - name: oauth2-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          args:
            - --provider=github
            - --github-org=contoso-hosting
            - --email-domain=*
            - --upstream=file:///dev/null
            - --http-address=0.0.0.0:4180
            - --client-id={gh_id()}
            - --client-secret={c1}
            - --cookie-secret={c2}
          ports:
            - containerPort: 4180
""", [c1, c2])

    # ================================================================ Dex
    s1, s2, bp, ghs = g.alnum(32), g.b64(24), pw(), gh_secret()
    add("deploy/dex/config.yaml", "dex-config", f"""issuer: https://dex.acmecorp.de/dex
storage:
  type: kubernetes
  config:
    inCluster: true
web:
  http: 0.0.0.0:5556
oauth2:
  skipApprovalScreen: true

staticClients:
- id: argo-cd
  redirectURIs:
  - 'https://argocd.acmecorp.de/auth/callback'
  name: 'Argo CD'
  secret: {s1}
- id: grafana
  redirectURIs:
  - 'https://grafana.acmecorp.de/login/generic_oauth'
  name: 'Grafana'
  secret: "{s2}"

connectors:
- type: ldap
  id: ldap
  name: Corporate LDAP
  config:
    host: ldap.acmecorp.de:636
    bindDN: uid=dex,cn=sysaccounts,dc=acmecorp,dc=de
    bindPW: '{bp}'
    usernamePrompt: Username
    userSearch:
      baseDN: cn=users,dc=acmecorp,dc=de
      filter: "(objectClass=person)"
      username: uid
      idAttr: uid
      emailAttr: mail
      nameAttr: cn
- type: github
  id: github
  name: GitHub
  config:
    clientID: {gh_id()}
    clientSecret: {ghs}
    redirectURI: https://dex.acmecorp.de/dex/callback
    orgs:
    - name: acmecorp
""", [s1, s2, bp, ghs])

    # ================================================================ Authentik / Authelia / Zitadel
    sk, pgp, ep = base64.b64encode(rand_bytes(60)).decode(), base64.b64encode(rand_bytes(36)).decode(), pw()
    add("authentik/.env", "authentik-env", f"""PG_PASS={pgp}
AUTHENTIK_SECRET_KEY={sk}
AUTHENTIK_ERROR_REPORTING__ENABLED=false
# SMTP Host Emails are sent to
AUTHENTIK_EMAIL__HOST=smtp.mailgun.org
AUTHENTIK_EMAIL__PORT=587
AUTHENTIK_EMAIL__USERNAME=postmaster@mg.northwind-apps.com
AUTHENTIK_EMAIL__PASSWORD={ep}
AUTHENTIK_EMAIL__USE_TLS=true
AUTHENTIK_EMAIL__FROM=authentik@northwind-apps.com
COMPOSE_PORT_HTTP=80
COMPOSE_PORT_HTTPS=443
""", [pgp, sk, ep])

    hm, jw, ss, ek = g.alnum(64), g.alnum(64), g.alnum(64), g.alnum(64)
    # the client secret as Authelia stores it: a pbkdf2 digest (a verifier, not labelled)
    digest = "$pbkdf2-sha512$310000$%s$%s" % (base64.b64encode(rand_bytes(16)).decode().rstrip("=").replace("+", "."),
                                                base64.b64encode(rand_bytes(64)).decode().rstrip("=").replace("+", "."))
    key = rsa_p8()
    key_yaml = "\n".join("        " + ln for ln in key.splitlines()) if key else "        (none)"
    add("authelia/configuration.yml", "authelia-oidc-provider", f"""---
theme: auto
identity_validation:
  reset_password:
    jwt_secret: '{jw}'
session:
  secret: '{ss}'
  cookies:
    - domain: 'fabrikam.org'
      authelia_url: 'https://auth.fabrikam.org'
storage:
  encryption_key: '{ek}'
  local:
    path: /config/db.sqlite3
identity_providers:
  oidc:
    hmac_secret: '{hm}'
    jwks:
      - key_id: 'main'
        algorithm: 'RS256'
        use: 'sig'
        key: |
{key_yaml}
    clients:
      - client_id: 'nextcloud'
        client_name: 'Nextcloud'
        client_secret: '{digest}'
        authorization_policy: 'two_factor'
        redirect_uris:
          - 'https://cloud.fabrikam.org/apps/oidc_login/oidc'
""", [jw, ss, ek, hm], blocks=[("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----")] if key else [])

    mk, zp = g.alnum(32), pw()
    add("zitadel/docker-compose.yaml", "zitadel-compose-masterkey", f"""services:
  zitadel:
    restart: always
    image: ghcr.io/zitadel/zitadel:latest
    command: 'start-from-init --masterkey "{mk}" --tlsMode external'
    environment:
      ZITADEL_DATABASE_POSTGRES_HOST: db
      ZITADEL_DATABASE_POSTGRES_PORT: 5432
      ZITADEL_DATABASE_POSTGRES_DATABASE: zitadel
      ZITADEL_DATABASE_POSTGRES_USER_USERNAME: zitadel
      ZITADEL_DATABASE_POSTGRES_USER_PASSWORD: {zp}
      ZITADEL_DATABASE_POSTGRES_USER_SSL_MODE: disable
      ZITADEL_EXTERNALSECURE: true
      ZITADEL_EXTERNALDOMAIN: id.contoso-hosting.net
    ports:
      - '8080:8080'
""", [mk, zp])

    # ================================================================ Ory
    ck, ci, sp, dsnp = g.alnum(32), g.alnum(32), pw(), g.url_password()
    add("ory/kratos/kratos.yml", "kratos-config", f"""version: v1.1.0
dsn: postgres://kratos:{dsnp}@pg-ory.internal:5432/kratos?sslmode=require
serve:
  public:
    base_url: https://id.acmecorp.de/
  admin:
    base_url: http://kratos:4434/
selfservice:
  default_browser_return_url: https://app.acmecorp.de/
secrets:
  cookie:
    - {ck}
  cipher:
    - {ci}
courier:
  smtp:
    connection_uri: smtps://apikey:{sp}@smtp.sendgrid.net:465/
    from_address: no-reply@acmecorp.de
identity:
  default_schema_id: default
  schemas:
    - id: default
      url: file:///etc/config/kratos/identity.schema.json
""", [dsnp, ck, ci, sp])

    # ================================================================ CAS / Shibboleth / SimpleSAMLphp
    sk1, ek1, wk1, lb = b64url_nopad(rand_bytes(64)), b64url_nopad(rand_bytes(32)), b64url_nopad(rand_bytes(64)), pw()
    add("cas/etc/cas/config/cas.properties", "apereo-cas-properties", f"""cas.server.name=https://cas.fabrikam.org
cas.server.prefix=${{cas.server.name}}/cas

cas.tgc.crypto.signing.key={sk1}
cas.tgc.crypto.encryption.key={ek1}
cas.webflow.crypto.signing.key={wk1}

cas.authn.ldap[0].type=AUTHENTICATED
cas.authn.ldap[0].ldap-url=ldaps://ldap.fabrikam.org
cas.authn.ldap[0].base-dn=ou=people,dc=fabrikam,dc=org
cas.authn.ldap[0].search-filter=uid={{user}}
cas.authn.ldap[0].bind-dn=cn=cas,ou=services,dc=fabrikam,dc=org
cas.authn.ldap[0].bind-credential={lb}
""", [sk1, ek1, wk1, lb])

    sp1, sp2, lb2 = pw(), pw(), pw()
    add("shibboleth-idp/credentials/secrets.properties", "shibboleth-idp-secrets", f"""# This is a reserved spot for most properties containing passwords or other secrets.
# Created by install script.

# Access to internal AES encryption key
idp.sealer.storePassword = {sp1}
idp.sealer.keyPassword = {sp2}

# Default access to LDAP authn and attribute stores.
idp.authn.LDAP.bindDNCredential              = {lb2}
idp.attribute.resolver.LDAP.bindDNCredential = %{{idp.authn.LDAP.bindDNCredential:undefined}}

# Salt used to generate persistent/pairwise IDs, must be kept secret
idp.persistentId.salt = {g.alnum(43)}
""", [sp1, sp2, lb2])

    adm, salt, dbs = pw(), g.chars(LOWER + string.digits, 32), pw()
    add("simplesamlphp/config/config.php", "simplesamlphp-config", f"""<?php
/*
 * The configuration of SimpleSAMLphp
 */

$config = [
    'baseurlpath' => 'https://sso.contoso-hosting.net/simplesaml/',
    'certdir' => 'cert/',
    'loggingdir' => 'log/',
    'tempdir' => '/tmp/simplesaml',

    'technicalcontact_name' => 'Identity Team',
    'technicalcontact_email' => 'iam@contoso-hosting.net',

    'timezone' => 'Europe/Amsterdam',

    'secretsalt' => '{salt}',
    'auth.adminpassword' => '{adm}',
    'admin.protectmetadata' => true,

    'store.type' => 'sql',
    'store.sql.dsn' => 'mysql:host=db.internal;dbname=saml',
    'store.sql.username' => 'simplesaml',
    'store.sql.password' => '{dbs}',
];
""", [salt, adm, dbs])

    lp, kpp = pw(), pw()
    add("simplesamlphp/config/authsources.php", "simplesamlphp-authsources", f"""<?php

$config = [
    'admin' => [
        'core:AdminPassword',
    ],

    'default-sp' => [
        'saml:SP',
        'entityID' => 'https://portal.acmecorp.de/sp',
        'idp' => 'https://idp.acmecorp.de/simplesaml/saml2/idp/metadata.php',
        'privatekey' => 'saml.pem',
        'privatekey_pass' => '{kpp}',
        'certificate' => 'saml.crt',
    ],

    'corp-ldap' => [
        'ldap:Ldap',
        'connection_string' => 'ldaps://ldap.acmecorp.de',
        'enable_tls' => false,
        'search.enable' => true,
        'search.base' => ['ou=people,dc=acmecorp,dc=de'],
        'search.attributes' => ['uid', 'mail'],
        'search.username' => 'cn=ssp,ou=services,dc=acmecorp,dc=de',
        'search.password' => '{lp}',
    ],
];
""", [kpp, lp])

    # ================================================================ SAML SP libraries
    key = rsa_p8()
    if key:
        body = "".join(key.splitlines()[1:-1])
        settings = {
            "strict": True, "debug": False,
            "sp": {"entityId": "https://app.northwind-apps.com/saml/metadata/",
                   "assertionConsumerService": {"url": "https://app.northwind-apps.com/saml/acs/",
                                                "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"},
                   "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                   "x509cert": "", "privateKey": body},
            "idp": {"entityId": "https://sts.windows.net/" + g.uuid4() + "/",
                    "singleSignOnService": {"url": "https://login.microsoftonline.com/" + g.uuid4() + "/saml2",
                                            "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"},
                    "x509cert": "MIIC8DCCAdigAwIBAgIQ" + g.b64(420)},
        }
        add("saml/settings.json", "python3-saml-settings-privatekey", json.dumps(settings, indent=4) + "\n", [body[:60]])

    key = rsa_p8()
    if key:
        esc = key.replace("\n", "\\n")
        add("config/initializers/saml.rb", "ruby-saml-initializer-key", f"""# frozen_string_literal: true

SAML_SETTINGS = OneLogin::RubySaml::Settings.new.tap do |settings|
  settings.assertion_consumer_service_url = "https://portal.fabrikam.org/saml/consume"
  settings.sp_entity_id                   = "https://portal.fabrikam.org/saml/metadata"
  settings.idp_sso_service_url            = "https://fabrikam.okta.com/app/fabrikam_portal/exk{g.alnum(17)}/sso/saml"
  settings.idp_cert_fingerprint           = "{':'.join(g.upper_hex(2) for _ in range(20))}"
  settings.name_identifier_format         = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
  settings.private_key                    = "{esc}"
  settings.security[:authn_requests_signed] = true
end
""", [esc[:60]])

    # ================================================================ reverse-proxy OIDC
    oc, op = kc_secret(), g.alnum(32)
    add("etc/apache2/conf-available/openidc.conf", "apache-mod-auth-openidc", f"""LoadModule auth_openidc_module modules/mod_auth_openidc.so

OIDCProviderMetadataURL https://sso.acmecorp.de/realms/acme/.well-known/openid-configuration
OIDCClientID wiki
OIDCClientSecret {oc}
OIDCRedirectURI https://wiki.acmecorp.de/redirect_uri
OIDCCryptoPassphrase "{op}"
OIDCRemoteUserClaim preferred_username
OIDCScope "openid email profile"

<Location />
    AuthType openid-connect
    Require valid-user
</Location>
""", [oc, op])

    ps, pc, pss = azure_secret(), base64.b64encode(rand_bytes(32)).decode(), base64.b64encode(rand_bytes(32)).decode()
    add("pomerium/config.yaml", "pomerium-config", f"""authenticate_service_url: https://authenticate.northwind-apps.com

idp_provider: azure
idp_provider_url: https://login.microsoftonline.com/{g.uuid4()}/v2.0
idp_client_id: {g.uuid4()}
idp_client_secret: {ps}

cookie_secret: {pc}
shared_secret: {pss}

routes:
  - from: https://grafana.northwind-apps.com
    to: http://grafana.monitoring.svc:3000
    policy:
      - allow:
          or:
            - domain:
                is: northwind-apps.com
""", [ps, pc, pss])

    tf1, tf2 = gocspx(), g.alnum(32)
    add("traefik/forward-auth.env", "traefik-forward-auth-env", f"""PROVIDERS_GOOGLE_CLIENT_ID={google_id()}
PROVIDERS_GOOGLE_CLIENT_SECRET={tf1}
SECRET={tf2}
COOKIE_DOMAIN=fabrikam.org
AUTH_HOST=auth.fabrikam.org
WHITELIST=ops@fabrikam.org,dev@fabrikam.org
LOG_LEVEL=info
""", [tf1, tf2])

    # ================================================================ Kubernetes / CI tools
    kl = kc_secret()
    add("home/ops/.kube/config", "kubelogin-exec-client-secret", f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {g.b64(60)}
    server: https://k8s-prod.contoso-hosting.net:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: oidc
  name: prod
current-context: prod
users:
- name: oidc
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubectl
      args:
      - oidc-login
      - get-token
      - --oidc-issuer-url=https://sso.contoso-hosting.net/realms/infra
      - --oidc-client-id=kubernetes
      - --oidc-client-secret={kl}
      interactiveMode: IfAvailable
""", [kl])

    ac = kc_secret()
    add("argocd/argocd-cm.yaml", "argocd-cm-oidc-config", f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
  labels:
    app.kubernetes.io/part-of: argocd
data:
  url: https://argocd.acmecorp.de
  oidc.config: |
    name: Keycloak
    issuer: https://sso.acmecorp.de/realms/platform
    clientID: argocd
    clientSecret: {ac}
    requestedScopes: ["openid", "profile", "email", "groups"]
""", [ac])

    gs, gl = kc_secret(), pw()
    add("gitlab/config/gitlab.rb", "gitlab-rb-omniauth-oidc", f"""external_url 'https://gitlab.northwind-apps.com'

gitlab_rails['omniauth_allow_single_sign_on'] = ['openid_connect']
gitlab_rails['omniauth_block_auto_created_users'] = false
gitlab_rails['omniauth_providers'] = [
  {{
    name: "openid_connect",
    label: "Northwind SSO",
    args: {{
      name: "openid_connect",
      scope: ["openid", "profile", "email"],
      response_type: "code",
      issuer: "https://sso.northwind-apps.com/realms/northwind",
      discovery: true,
      client_auth_method: "query",
      uid_field: "preferred_username",
      pkce: true,
      client_options: {{
        identifier: "gitlab",
        secret: "{gs}",
        redirect_uri: "https://gitlab.northwind-apps.com/users/auth/openid_connect/callback"
      }}
    }}
  }}
]

gitlab_rails['ldap_enabled'] = true
gitlab_rails['ldap_servers'] = YAML.load <<-'EOS'
  main:
    label: 'Northwind AD'
    host: 'dc01.northwind.lan'
    port: 636
    uid: 'sAMAccountName'
    bind_dn: 'CN=svc-gitlab,OU=Service,DC=northwind,DC=lan'
    password: '{gl}'
    encryption: 'simple_tls'
    base: 'OU=Staff,DC=northwind,DC=lan'
EOS
""", [gs, gl])

    # ================================================================ app-level OIDC clients
    sc1, sc2 = gh_secret(), kc_secret()
    add("src/main/resources/application-prod.properties", "spring-security-oauth2-properties", f"""server.port=8443
spring.security.oauth2.client.registration.github.client-id={gh_id()}
spring.security.oauth2.client.registration.github.client-secret={sc1}
spring.security.oauth2.client.registration.keycloak.client-id=billing
spring.security.oauth2.client.registration.keycloak.client-secret={sc2}
spring.security.oauth2.client.registration.keycloak.authorization-grant-type=authorization_code
spring.security.oauth2.client.registration.keycloak.scope=openid,profile
spring.security.oauth2.client.provider.keycloak.issuer-uri=https://sso.contoso-hosting.net/realms/billing
""", [sc1, sc2])

    az1 = azure_secret()
    add("src/Portal.Web/appsettings.Production.json", "aspnet-appsettings-azuread", json.dumps({
        "AzureAd": {"Instance": "https://login.microsoftonline.com/", "Domain": "fabrikam.onmicrosoft.com",
                    "TenantId": g.uuid4(), "ClientId": g.uuid4(), "ClientSecret": az1,
                    "CallbackPath": "/signin-oidc"},
        "DownstreamApi": {"BaseUrl": "https://graph.microsoft.com/v1.0", "Scopes": "user.read"},
        "Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}},
        "AllowedHosts": "*"}, indent=2) + "\n", [az1])

    al1, al2 = gocspx(), gh_secret()
    add("portal/settings/production.py", "django-allauth-socialaccount-providers", f"""from .base import *  # noqa

DEBUG = False
ALLOWED_HOSTS = ["portal.acmecorp.de"]

SOCIALACCOUNT_PROVIDERS = {{
    "google": {{
        "APP": {{
            "client_id": "{google_id()}",
            "secret": "{al1}",
            "key": "",
        }},
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {{"access_type": "online"}},
    }},
    "github": {{
        "APP": {{
            "client_id": "{gh_id()}",
            "secret": "{al2}",
        }},
    }},
}}
""", [al1, al2])

    so1, so2 = gocspx(), azure_secret()
    add("intranet/settings.py", "python-social-auth-settings", f"""AUTHENTICATION_BACKENDS = (
    "social_core.backends.google.GoogleOAuth2",
    "social_core.backends.azuread_tenant.AzureADTenantOAuth2",
    "django.contrib.auth.backends.ModelBackend",
)

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "{google_id()}"
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = "{so1}"
SOCIAL_AUTH_GOOGLE_OAUTH2_WHITELISTED_DOMAINS = ["northwind-apps.com"]

SOCIAL_AUTH_AZUREAD_TENANT_OAUTH2_KEY = "{g.uuid4()}"
SOCIAL_AUTH_AZUREAD_TENANT_OAUTH2_SECRET = "{so2}"
SOCIAL_AUTH_AZUREAD_TENANT_OAUTH2_TENANT_ID = "{g.uuid4()}"
""", [so1, so2])

    pg1, pg2 = gocspx(), gh_secret()
    add("server/auth/strategies.js", "passport-oauth-strategies", f"""const passport = require('passport');
const GoogleStrategy = require('passport-google-oauth20').Strategy;
const GitHubStrategy = require('passport-github2').Strategy;

passport.use(new GoogleStrategy({{
    clientID: '{google_id()}',
    clientSecret: '{pg1}',
    callbackURL: 'https://app.fabrikam.org/auth/google/callback'
  }},
  (accessToken, refreshToken, profile, cb) => User.findOrCreate({{ googleId: profile.id }}, cb)
));

passport.use(new GitHubStrategy({{
    clientID: '{gh_id()}',
    clientSecret: '{pg2}',
    callbackURL: 'https://app.fabrikam.org/auth/github/callback'
  }},
  (accessToken, refreshToken, profile, done) => User.findOrCreate({{ githubId: profile.id }}, done)
));
""", [pg1, pg2])

    om1, om2 = gh_secret(), gocspx()
    add("config/initializers/omniauth.rb", "omniauth-initializer", f"""Rails.application.config.middleware.use OmniAuth::Builder do
  provider :github, '{gh_id()}', '{om1}', scope: 'user:email,read:org'
  provider :google_oauth2, '{google_id()}', '{om2}',
           {{ hd: 'contoso-hosting.net', prompt: 'select_account' }}
end
""", [om1, om2])

    ls1, ls2 = gh_secret(), g.hex(32)
    add("config/services.php", "laravel-socialite-services", f"""<?php

return [

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => env('MAILGUN_SECRET'),
    ],

    'github' => [
        'client_id' => env('GITHUB_CLIENT_ID', '{gh_id()}'),
        'client_secret' => env('GITHUB_CLIENT_SECRET', '{ls1}'),
        'redirect' => 'https://shop.acmecorp.de/auth/github/callback',
    ],

    'facebook' => [
        'client_id' => '{r.randint(10**14, 10**15 - 1)}',
        'client_secret' => '{ls2}',
        'redirect' => 'https://shop.acmecorp.de/auth/facebook/callback',
    ],

];
""", [ls1, ls2])

    gc = gocspx()
    add("scripts/credentials/client_secret_{}.apps.googleusercontent.com.json".format(r.randint(10**11, 10**12 - 1)),
        "google-client-secret-json-installed", json.dumps({"installed": {
            "client_id": google_id(), "project_id": "fabrikam-reports-%d" % r.randint(100000, 999999),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_secret": gc, "redirect_uris": ["http://localhost"]}}, separators=(",", ":")) + "\n", [gc])

    # ================================================================ Auth0 / Okta / OneLogin / JumpCloud / Ping
    a0 = auth0_secret()
    add("auth0/config.json", "auth0-deploy-cli-config", json.dumps({
        "AUTH0_DOMAIN": "contoso-prod.eu.auth0.com", "AUTH0_CLIENT_ID": g.alnum(32), "AUTH0_CLIENT_SECRET": a0,
        "AUTH0_ALLOW_DELETE": False, "AUTH0_KEYWORD_REPLACE_MAPPINGS": {"ENV": "prod"},
        "EXCLUDED_PROPS": {"clients": ["client_secret"]}}, indent=2) + "\n", [a0])

    mt = jwt_rs({"iss": "https://acmecorp.eu.auth0.com/", "sub": g.alnum(32) + "@clients",
                 "aud": "https://acmecorp.eu.auth0.com/api/v2/", "iat": 1716000000 + r.randint(0, 10**7),
                 "exp": 1716086400 + r.randint(0, 10**7), "scope": "read:users update:users delete:users",
                 "gty": "client-credentials", "azp": g.alnum(32)})
    add("scripts/auth0-export-users.sh", "auth0-management-token-curl", f"""#!/bin/bash
# Export users for the quarterly access review.
MGMT_TOKEN="{mt}"

curl -s --request POST \\
  --url https://acmecorp.eu.auth0.com/api/v2/jobs/users-exports \\
  --header "authorization: Bearer $MGMT_TOKEN" \\
  --header 'content-type: application/json' \\
  --data '{{"connection_id": "con_{g.alnum(16)}", "format": "csv"}}'
""", [mt])

    ok1, ok2 = g.chars(B62 + "-_", 40), okta_token()
    add("src/main/resources/application.yml", "okta-spring-boot-starter", f"""server:
  port: 8080
okta:
  oauth2:
    issuer: https://northwind.okta.com/oauth2/default
    client-id: 0oa{g.alnum(17)}
    client-secret: {ok1}
    audience: api://default
  client:
    org-url: https://northwind.okta.com
    token: {ok2}
""", [ok1, ok2])

    ot = okta_token()
    add("provisioning/.env", "okta-api-token-env", f"""OKTA_ORG_NAME=fabrikam
OKTA_BASE_URL=okta.com
OKTA_API_TOKEN={ot}
TF_VAR_default_group=Everyone
""", [ot])

    ol1, ol2 = g.hex(64), g.hex(64)
    add("infra/onelogin/main.tf", "onelogin-terraform-provider", f"""terraform {{
  required_providers {{
    onelogin = {{
      source = "onelogin/onelogin"
    }}
  }}
}}

provider "onelogin" {{
  apikey_auth = "{ol1}:{ol2}"
  url         = "https://api.us.onelogin.com"
}}

resource "onelogin_apps" "wiki" {{
  connector_id = 108419
  name         = "Wiki"
}}
""", [ol1])

    jc1 = g.hex(40)
    add("infra/jumpcloud/provider.tf", "jumpcloud-terraform-provider", f"""provider "jumpcloud" {{
  api_key = "{jc1}"
  org_id  = "{g.hex(24)}"
}}

resource "jumpcloud_user_group" "engineering" {{
  name = "engineering"
}}
""", [jc1])

    # ================================================================ LDAP
    new, adm2 = pw(), pw()
    add("ops/ldap/reset-password.sh", "ldappasswd-cli", f"""#!/bin/sh
# Reset a service account password in the directory.
ldappasswd -H ldaps://ldap.contoso-hosting.net -x \\
  -D "cn=admin,dc=contoso-hosting,dc=net" -w '{adm2}' \\
  -s '{new}' "uid=svc-backup,ou=services,dc=contoso-hosting,dc=net"

ldapwhoami -H ldaps://ldap.contoso-hosting.net -x -D "uid=svc-backup,ou=services,dc=contoso-hosting,dc=net" -w '{new}'
""", [adm2, new])

    ls = pw()
    add("etc/ldap.secret", "pam-ldap-secret-file", ls + "\n", [ls])

    rp = pw()
    add("ldap/bootstrap/01-config.ldif", "olcrootpw-plaintext-ldif", f"""dn: olcDatabase={{2}}mdb,cn=config
changetype: modify
replace: olcSuffix
olcSuffix: dc=acmecorp,dc=de
-
replace: olcRootDN
olcRootDN: cn=admin,dc=acmecorp,dc=de
-
replace: olcRootPW
olcRootPW: {rp}
""", [rp])

    pl1 = pw()
    add("tools/ldap_sync.py", "python-ldap-simple-bind", f"""import ldap

LDAP_URI = "ldaps://ldap.northwind-apps.com"
BIND_DN = "cn=sync,ou=services,dc=northwind,dc=com"

conn = ldap.initialize(LDAP_URI)
conn.set_option(ldap.OPT_REFERRALS, 0)
conn.simple_bind_s(BIND_DN, "{pl1}")
results = conn.search_s("ou=people,dc=northwind,dc=com", ldap.SCOPE_SUBTREE, "(objectClass=inetOrgPerson)", ["uid", "mail"])
""", [pl1])

    l3 = pw()
    add("scripts/ad_report.py", "ldap3-connection-password", f"""from ldap3 import Server, Connection, ALL, NTLM

server = Server("dc01.corp.fabrikam.org", use_ssl=True, get_info=ALL)
conn = Connection(server, user="CORP\\\\svc-report", password="{l3}", authentication=NTLM, auto_bind=True)
conn.search("DC=corp,DC=fabrikam,DC=org", "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))",
            attributes=["sAMAccountName", "lastLogonTimestamp"])
for entry in conn.entries:
    print(entry.sAMAccountName, entry.lastLogonTimestamp)
""", [l3])

    sl, so = pw(), kc_secret()
    add("analytics/superset/superset_config.py", "superset-ldap-oauth-config", f"""from flask_appbuilder.security.manager import AUTH_OAUTH

AUTH_TYPE = AUTH_OAUTH
AUTH_USER_REGISTRATION = True
AUTH_USER_REGISTRATION_ROLE = "Gamma"

AUTH_LDAP_SERVER = "ldap://ldap.contoso-hosting.net"
AUTH_LDAP_BIND_USER = "cn=superset,ou=svc,dc=contoso-hosting,dc=net"
AUTH_LDAP_BIND_PASSWORD = "{sl}"

OAUTH_PROVIDERS = [
    {{
        "name": "keycloak",
        "icon": "fa-key",
        "token_key": "access_token",
        "remote_app": {{
            "client_id": "superset",
            "client_secret": "{so}",
            "api_base_url": "https://sso.contoso-hosting.net/realms/data/protocol/openid-connect",
            "client_kwargs": {{"scope": "openid email profile"}},
            "server_metadata_url": "https://sso.contoso-hosting.net/realms/data/.well-known/openid-configuration",
        }},
    }}
]
""", [sl, so])

    # ================================================================ Kerberos / domain join / FreeIPA
    kp1, kp2 = pw(), pw()
    add("ci/scripts/hdfs-upload.sh", "kinit-piped-and-kadmin", f"""#!/bin/bash
set -e
echo "{kp1}" | kinit svc-etl@CORP.FABRIKAM.LAN
hdfs dfs -put -f out/*.parquet /data/warehouse/daily/

kadmin -p admin/admin@CORP.FABRIKAM.LAN -w '{kp2}' -q "ktadd -k /etc/security/keytabs/etl.keytab svc-etl@CORP.FABRIKAM.LAN"
""", [kp1, kp2])

    kt = keytab_b64()
    add("hadoop-jobs/.gitlab-ci.yml", "keytab-base64-ci-variable", f"""variables:
  KRB5_REALM: CORP.FABRIKAM.LAN
  KRB5_PRINCIPAL: svc-build@CORP.FABRIKAM.LAN
  KRB5_KEYTAB_B64: "{kt}"

deploy:
  stage: deploy
  script:
    - echo "$KRB5_KEYTAB_B64" | base64 -d > /tmp/svc.keytab
    - kinit -kt /tmp/svc.keytab "$KRB5_PRINCIPAL"
    - ./deploy.sh
""", [kt])

    dj1, dj2 = pw(), pw()
    add("provision/join-domain.sh", "realm-join-net-ads", f"""#!/bin/bash
# Join new Linux hosts to the AD domain
apt-get install -y realmd sssd sssd-tools adcli samba-common-bin krb5-user

echo '{dj1}' | realm join --user=svc-join corp.acmecorp.de
net ads join -U 'svc-join%{dj2}' createcomputer="Servers/Linux"
systemctl restart sssd
""", [dj1, dj2])

    ia, idm = pw(), pw()
    add("provision/ipa-install.sh", "ipa-server-install-cli", f"""#!/bin/sh
ipa-server-install -U \\
  --realm NORTHWIND.LAN --domain northwind.lan \\
  --hostname ipa01.northwind.lan \\
  -a '{ia}' -p '{idm}' \\
  --setup-dns --forwarder 10.0.0.2 --no-ntp
""", [ia, idm])

    ia2, idm2 = pw(), pw()
    add("ansible/inventory/group_vars/ipaserver.yml", "ansible-freeipa-vars", f"""---
ipaserver_domain: contoso.lan
ipaserver_realm: CONTOSO.LAN
ipaserver_setup_dns: true
ipaserver_auto_forwarders: true
ipaadmin_password: {ia2}
ipadm_password: {idm2}
""", [ia2, idm2])

    # ================================================================ negatives
    add("neg/deploy/oauth2-proxy/oauth2-proxy.cfg", "neg-oauth2-proxy-cfg-template", """## OAuth2 Proxy Config File
## https://oauth2-proxy.github.io/oauth2-proxy/configuration/overview
http_address = "0.0.0.0:4180"
provider = "oidc"
oidc_issuer_url = "https://sso.example.com/realms/main"
client_id = "oauth2-proxy"
## client_secret is read from OAUTH2_PROXY_CLIENT_SECRET
# client_secret = "<client secret from your IdP>"
## Generate with: openssl rand -base64 32 | tr -- '+/' '-_'
cookie_secret = "<generated cookie secret>"
cookie_secure = true
""", negative=True)

    hashes = [g.bcrypt() for _ in range(2)]
    add("neg/deploy/dex/config.yaml", "neg-dex-env-and-static-passwords", f"""issuer: https://dex.example.com/dex
storage:
  type: sqlite3
  config:
    file: /var/dex/dex.db
staticClients:
- id: example-app
  redirectURIs:
  - 'http://127.0.0.1:5555/callback'
  name: 'Example App'
  secretEnv: EXAMPLE_APP_SECRET
connectors:
- type: ldap
  id: ldap
  name: LDAP
  config:
    host: ldap.example.com:636
    bindDN: $LDAP_BIND_DN
    bindPW: $LDAP_BIND_PW
- type: github
  id: github
  name: GitHub
  config:
    clientID: $GITHUB_CLIENT_ID
    clientSecret: $GITHUB_CLIENT_SECRET
    redirectURI: https://dex.example.com/dex/callback
enablePasswordDB: true
staticPasswords:
- email: "admin@example.com"
  # bcrypt hash of the password (a verifier; the password itself is not stored)
  hash: "{hashes[0]}"
  username: "admin"
  userID: "{g.uuid4()}"
""", negative=True)

    add("neg/ory/kratos/kratos.yml", "neg-kratos-documented-defaults", """version: v1.1.0
dsn: memory
serve:
  public:
    base_url: http://127.0.0.1:4433/
secrets:
  cookie:
    - PLEASE-CHANGE-ME-I-AM-VERY-INSECURE
  cipher:
    - 32-LONG-SECRET-NOT-SECURE-AT-ALL
courier:
  smtp:
    connection_uri: smtps://test:test@mailslurper:1025/?skip_ssl_verify=true
""", negative=True)

    add("neg/simplesamlphp/config/config.php.dist", "neg-simplesamlphp-defaults", """<?php
$config = [
    'baseurlpath' => 'simplesaml/',
    /*
     * This is a secret salt used by SimpleSAMLphp when it needs to generate a secure hash
     * of a value. It must be changed from its default value to a secret value.
     */
    'secretsalt' => 'defaultsecretsalt',
    /*
     * This password must be kept secret, and modified from the default value 123.
     */
    'auth.adminpassword' => '123',
    'store.sql.password' => getenv('SSP_DB_PASSWORD'),
];
""", negative=True)

    add("neg/src/main/resources/application.yml", "neg-spring-oauth2-env", """spring:
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: ${GITHUB_CLIENT_ID}
            client-secret: ${GITHUB_CLIENT_SECRET}
          okta:
            client-id: ${OKTA_CLIENT_ID}
            client-secret: ${OKTA_CLIENT_SECRET:}
  ldap:
    urls: ldap://localhost:8389
    password: ${LDAP_PASSWORD}
okta:
  client:
    token: ${OKTA_API_TOKEN}
""", negative=True)

    add("neg/src/Portal.Web/appsettings.json", "neg-aspnet-azuread-template", json.dumps({
        "AzureAd": {"Instance": "https://login.microsoftonline.com/", "Domain": "qualified.domain.name",
                    "TenantId": "22222222-2222-2222-2222-222222222222",
                    "ClientId": "11111111-1111-1111-11111111111111111",
                    "ClientSecret": "[Enter the Client Secret obtained from the Azure portal]",
                    "CallbackPath": "/signin-oidc"},
        "AllowedHosts": "*"}, indent=2) + "\n", negative=True)

    add("neg/docs/client_secret.json.example", "neg-google-client-secret-template", json.dumps({"web": {
        "client_id": "YOUR_CLIENT_ID.apps.googleusercontent.com", "project_id": "your-project-id",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
        "client_secret": "YOUR_CLIENT_SECRET", "redirect_uris": ["http://localhost:8080/oauth2callback"]}}, indent=2) + "\n",
        negative=True)

    cert = "MIIC" + g.b64(540)
    add("neg/saml/idp-metadata.xml", "neg-saml-idp-metadata-cert", f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.org/idp/shibboleth">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>{cert}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.org/idp/profile/SAML2/Redirect/SSO"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
""", negative=True)

    jwks = {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": g.alnum(43),
                      "n": b64url_nopad(rand_bytes(256)), "e": "AQAB",
                      "x5c": [base64.b64encode(rand_bytes(700)).decode()],
                      "x5t": b64url_nopad(rand_bytes(20))}]}
    add("neg/realms/main/protocol/openid-connect/certs.json", "neg-jwks-public", json.dumps(jwks, indent=2) + "\n", negative=True)

    add("neg/authelia/users_database.yml", "neg-authelia-users-argon2", f"""users:
  jdoe:
    disabled: false
    displayname: 'John Doe'
    password: '$argon2id$v=19$m=65536,t=3,p=4${b64url_nopad(rand_bytes(16))}${b64url_nopad(rand_bytes(32))}'
    email: 'jdoe@example.com'
    groups:
      - 'admins'
""", negative=True)

    add("neg/docs/ldap-howto.md", "neg-ldap-kerberos-docs-prompts", """# Directory how-to

Search the directory (you are prompted for the bind password with `-W`, or read it from a file
with `-y`):

```sh
ldapsearch -H ldaps://ldap.example.com -x -D "cn=admin,dc=example,dc=com" -W -b "dc=example,dc=com"
ldapmodify -H ldaps://ldap.example.com -x -D "cn=admin,dc=example,dc=com" -y /etc/ldap.secret -f change.ldif
kinit -kt /etc/krb5.keytab host/$(hostname -f)
realm join --user=admin example.com          # asks for the password
ipa-server-install --realm EXAMPLE.COM -a "$IPA_ADMIN_PASSWORD" -p "$IPA_DM_PASSWORD" -U
```

```powershell
$cred = Get-Credential -UserName "EXAMPLE\\admin" -Message "Domain admin"
Add-Computer -DomainName example.com -Credential $cred -Restart
```
""", negative=True)

    add("neg/keycloak/conf/keycloak.conf", "neg-keycloak-conf-env", """# Values come from KC_DB_PASSWORD etc. in the environment; see the server guide.
db=postgres
db-username=keycloak
db-password=${KC_DB_PASSWORD}
db-url=jdbc:postgresql://postgres/keycloak
https-key-store-password=${env.KEYSTORE_PASSWORD:changeit}
hostname=sso.example.com
""", negative=True)
