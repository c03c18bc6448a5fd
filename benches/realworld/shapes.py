"""The files of the real-world set: credentials in the shapes they take in real repositories.

Every credential value is drawn at run time from a seeded generator with the alphabet and length
of its format; nothing here is a real key or a string taken from another project. Each builder
returns File objects: a path, the text, the values that are secrets (every line holding one is a
labelled secret line) and blocks (first and last line marker of a multi-line secret such as a PEM
key: a finding on any of its lines counts for it). Negative files hold no secret: any finding in
them is a false alarm, as is a finding on an unlabelled line of a positive file.
"""

import base64
import hashlib
import json
import os
import random
import string
import subprocess
import tempfile
import zlib

B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
UPPER_ALNUM = string.ascii_uppercase + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
CRYPT = "./" + string.digits + string.ascii_uppercase + string.ascii_lowercase
SYLL = ["ka", "lo", "mi", "ven", "tor", "ra", "shi", "qu", "bel", "dor", "an", "fi", "gro",
        "zel", "mun", "pa", "wex", "tri", "sol", "nu", "jar", "ek", "ost", "vy"]


DOMAINS = [("example.com", "northwind-apps.com"), ("example.org", "fabrikam.org"),
           ("example.net", "contoso-hosting.net"), ("acme.example", "acmecorp.de")]


class File:
    def __init__(self, path, shape, negative=False):
        self.path, self.shape, self.negative = path, shape, negative
        self.text = ""
        self.secrets = []   # values: every line containing one is a secret line
        self.blocks = []    # (first-line substring, last-line substring) of multi-line secrets
        self.batch = 0      # which batch of shapes (5: the fifth, written blind from file formats)

    def s(self, value):
        self.secrets.append(value)
        return value


def without(text, chars):
    """`text` with every character of `chars` left out: a value that must survive a file's
    quoting and comment syntax."""
    return "".join(c for c in text if c not in chars)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def chars(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hex(self, n):
        return self.chars(HEX, n)

    def upper_hex(self, n):
        return self.chars("0123456789ABCDEF", n)

    def uuid4(self):
        h = self.hex(32)
        variant = self.r.choice("89ab")
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], variant, h[17:20], h[20:32])

    def alnum(self, n):
        return self.chars(B62, n)

    def b64(self, nbytes):
        return base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(nbytes))).decode()

    def b64url(self, n):
        return self.chars(B64URL, n)

    def password(self):
        """A password as people and generators write them: three styles."""
        k = self.r.randrange(3)
        if k == 0:  # human: syllables, capital, digits, a symbol
            w = "".join(self.r.choice(SYLL) for _ in range(self.r.randint(3, 4)))
            return w.capitalize() + str(self.r.randint(10, 9999)) + self.r.choice("!@#$%&*?")
        if k == 1:  # generator, alphanumeric
            return self.alnum(self.r.randint(16, 24))
        sym = B62 + "!#%&*+-=?@^_~"
        while True:
            p = self.chars(sym, self.r.randint(14, 20))
            if any(c in "!#%&*+-=?@^_~" for c in p) and any(c.isdigit() for c in p):
                return p

    def url_password(self):
        """Passwords put in URIs: no characters that would need percent-encoding."""
        if self.r.randrange(2):
            w = "".join(self.r.choice(SYLL) for _ in range(3))
            return w.capitalize() + str(self.r.randint(10, 999)) + self.r.choice("-_.~")
        return self.alnum(self.r.randint(14, 24))

    def user(self):
        return self.r.choice(["admin", "app", "deploy", "svc_api", "backend", "etl", "jenkins",
                              "web", "report", "ops"])

    def host(self):
        return self.r.choice(["db.internal.example.com", "10.0.3.17", "prod-db-01",
                              "mysql.corp.lan", "pg-main.c9x2.eu-west-1.rds.amazonaws.com",
                              "cache-01.prod", "mq.internal"])

    def aws_key_id(self):
        return "AKIA" + self.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)

    def aws_secret(self):
        return self.chars(B62 + "+/", 40)

    def gh_token(self, prefix="ghp_"):
        body = self.alnum(30)
        v = zlib.crc32(body.encode())
        alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
        d = []
        for _ in range(6):
            d.append(alphabet[v % 62])
            v //= 62
        return prefix + body + "".join(reversed(d))

    def django_key(self):
        return self.chars(string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50)

    def jwt_like(self):
        h = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
        p = base64.urlsafe_b64encode(json.dumps(
            {"sub": str(self.r.randint(10**6, 10**7)), "role": "service",
             "iat": 1700000000 + self.r.randint(0, 10**7)}).encode()).decode().rstrip("=")
        return "%s.%s.%s" % (h, p, self.b64url(43))

    # password hashes -----------------------------------------------------------------------
    def bcrypt(self):
        return "$2%s$%02d$%s" % (self.r.choice("aby"), self.r.choice([10, 11, 12]), self.chars(CRYPT, 53))

    def sha512crypt(self):
        return "$6$%s$%s" % (self.chars(CRYPT, 16), self.chars(CRYPT, 86))

    def sha256crypt(self):
        return "$5$%s$%s" % (self.chars(CRYPT, 16), self.chars(CRYPT, 43))

    def md5crypt(self, magic="1"):
        return "$%s$%s$%s" % (magic, self.chars(CRYPT, 8), self.chars(CRYPT, 22))

    def django_pbkdf2(self):
        return "pbkdf2_sha256$%d$%s$%s" % (self.r.choice([260000, 390000, 600000]), self.alnum(22),
                                           self.b64(32))

    def mysql_hash(self):
        return "*" + self.chars("0123456789ABCDEF", 40)

    def ssha(self):
        return "{SSHA}" + self.b64(24)

    def yescrypt(self):
        return "$y$j9T$%s$%s" % (self.chars(CRYPT, 22), self.chars(CRYPT, 43))

    # keys ----------------------------------------------------------------------------------
    def pem(self, label, nbytes):
        body = self.b64(nbytes)
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, "\n".join(lines), label)


def real_key(kind, tmp):
    """A freshly generated private key (openssl / ssh-keygen), or None when the tool is missing."""
    path = os.path.join(tmp, "k-" + kind)
    try:
        if kind == "rsa":
            out = subprocess.run(["openssl", "genrsa", "-traditional", "2048"], capture_output=True)
            if out.returncode != 0:
                out = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True)
            return out.stdout.decode()
        if kind == "pkcs8":
            return subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                                   "rsa_keygen_bits:2048"], capture_output=True).stdout.decode()
        if kind == "ec":
            return subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey",
                                   "-noout"], capture_output=True).stdout.decode()
        if kind == "enc":
            return subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                   "ec_paramgen_curve:P-256", "-aes256", "-pass",
                                   "pass:bench-only"], capture_output=True).stdout.decode()
        if kind == "openssh":
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy@ci",
                            "-f", path], check=True, capture_output=True)
            with open(path) as fh:
                return fh.read()
        if kind == "dsa":
            p = subprocess.run(["openssl", "dsaparam", "-genkey", "-noout", "1024"], capture_output=True)
            return p.stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return None
    return None


def build(seed=4):
    g = Gen(seed)
    r = g.r
    files = []
    tmp = tempfile.mkdtemp(prefix="lh-rw-keys-")

    def add(path, shape, text, secrets=(), blocks=(), negative=False):
        # Two files at one path: the later would overwrite the earlier on disk, and the earlier's
        # labelled lines would be scored against the wrong text.
        assert all(f.path != path for f in files), f"two files at {path}"
        f = File(path, shape, negative)
        if not negative:
            # real leaks name real hosts: the documentation domains are placeholders to scanners
            for doc, real in DOMAINS:
                text = text.replace(doc, real)
        f.text = text
        f.secrets = [s for s in secrets if s]
        f.blocks = list(blocks)
        files.append(f)
        return f

    # ---------------------------------------------------------------- Java / Spring
    p1, p2, p3 = g.password(), g.password(), g.alnum(32)
    add("spring-svc/src/main/resources/application.yml", "spring-yaml", f"""server:
  port: 8080
spring:
  application:
    name: orders
  datasource:
    url: jdbc:postgresql://{g.host()}:5432/orders
    username: orders
    password: {p1}
    driver-class-name: org.postgresql.Driver
  mail:
    host: smtp.sendgrid.net
    username: apikey
    password: "{p2}"
  jpa:
    hibernate:
      ddl-auto: validate
app:
  jwt:
    secret: {p3}
    expiration-ms: 86400000
""", [p1, p2, p3])

    p1, p2, p3 = g.password(), g.password(), g.b64(32)
    add("billing/src/main/resources/application-prod.properties", "spring-properties", f"""spring.datasource.url=jdbc:mysql://{g.host()}:3306/billing?useSSL=true
spring.datasource.username=billing
spring.datasource.password={p1}
spring.rabbitmq.host=mq.internal
spring.rabbitmq.username=billing
spring.rabbitmq.password={p2}
security.oauth2.client.client-id=billing-svc
security.oauth2.client.client-secret={p3}
logging.level.root=INFO
""", [p1, p2, p3])

    p1 = g.password()
    add("legacy/src/main/resources/jdbc.properties", "spring-properties", f"""jdbc.driverClassName=oracle.jdbc.OracleDriver
jdbc.url=jdbc:oracle:thin:@{g.host()}:1521:ORCL
jdbc.username=APPUSER
jdbc.password={p1}
""", [p1])

    # ---------------------------------------------------------------- .NET
    p1, p2, k1 = g.password(), g.password(), g.b64(64)
    add("Api/appsettings.Production.json", "dotnet-appsettings", json.dumps({
        "Logging": {"LogLevel": {"Default": "Warning"}},
        "ConnectionStrings": {
            "DefaultConnection": f"Server=tcp:{g.host()},1433;Initial Catalog=Shop;Persist Security Info=False;User ID=shopadmin;Password={p1};MultipleActiveResultSets=False;Encrypt=True;",
            "Storage": f"DefaultEndpointsProtocol=https;AccountName=shopassets;AccountKey={k1};EndpointSuffix=core.windows.net",
        },
        "Smtp": {"Host": "smtp.office365.com", "Port": 587, "UserName": "noreply@shop.example", "Password": p2},
        "AllowedHosts": "*",
    }, indent=2) + "\n", [p1, k1, p2])

    p1, p2, k1 = g.password(), g.password(), g.alnum(32)
    add("WebApp/Web.config", "dotnet-webconfig", f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="MainDb" connectionString="Data Source={g.host()};Initial Catalog=Crm;User Id=crm_web;Password={p1};" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="webpages:Version" value="3.0.0.0" />
    <add key="PaymentApiKey" value="{k1}" />
    <add key="SmtpPassword" value="{p2}" />
  </appSettings>
</configuration>
""", [p1, k1, p2])

    # ---------------------------------------------------------------- Python / Django
    k1, p1, p2 = g.django_key(), g.password(), g.password()
    add("mysite/mysite/settings.py", "django-settings", f"""import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = '{k1}'

DEBUG = False

DATABASES = {{
    'default': {{
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'mysite',
        'USER': 'mysite',
        'PASSWORD': '{p1}',
        'HOST': '{g.host()}',
        'PORT': '5432',
    }}
}}

EMAIL_HOST = 'smtp.gmail.com'
EMAIL_HOST_USER = 'alerts@mysite.example'
EMAIL_HOST_PASSWORD = '{p2}'
""", [k1, p1, p2])

    # ---------------------------------------------------------------- Rails
    p1, p2 = g.password(), g.password()
    add("shop/config/database.yml", "rails-database", f"""default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") {{ 5 }} %>

development:
  <<: *default
  database: shop_development

production:
  <<: *default
  database: shop_production
  username: shop
  password: {p1}
  host: {g.host()}

staging:
  adapter: mysql2
  database: shop_staging
  username: shop
  password: "{p2}"
""", [p1, p2])

    k1, k2 = g.hex(128), g.hex(128)
    add("shop/config/secrets.yml", "rails-secrets", f"""development:
  secret_key_base: {k1}

production:
  secret_key_base: {k2}
""", [k1, k2])

    k1 = g.hex(32)
    add("shop/config/master.key", "rails-master-key", k1 + "\n", [k1])

    # ---------------------------------------------------------------- PHP
    k1, p1, p2, a1, a2 = "base64:" + g.b64(32), g.password(), g.password(), g.aws_key_id(), g.aws_secret()
    p3 = g.alnum(20)
    add("laravel-app/.env", "laravel-env", f"""APP_NAME=Laravel
APP_ENV=production
APP_KEY={k1}
APP_DEBUG=false
APP_URL=https://app.example.org

DB_CONNECTION=mysql
DB_HOST={g.host()}
DB_PORT=3306
DB_DATABASE=laravel
DB_USERNAME=laravel
DB_PASSWORD={p1}

MAIL_MAILER=smtp
MAIL_HOST=smtp.mailgun.org
MAIL_PORT=587
MAIL_USERNAME=postmaster@mg.example.org
MAIL_PASSWORD="{p2}"

PUSHER_APP_ID=1{r.randint(100000, 999999)}
PUSHER_APP_KEY={g.hex(20)}
PUSHER_APP_SECRET={p3}

AWS_ACCESS_KEY_ID={a1}
AWS_SECRET_ACCESS_KEY={a2}
AWS_DEFAULT_REGION=eu-central-1
""", [k1, p1, p2, p3, a1, a2])

    p1 = g.password()
    salts = [g.chars(string.ascii_letters + string.digits + "!@#$%^&*()-_[]{}<>~`+=,.;:/?|", 64).replace("'", "x").replace("\\", "y") for _ in range(4)]
    add("blog/wp-config.php", "wordpress-config", f"""<?php
/** The name of the database for WordPress */
define( 'DB_NAME', 'wordpress' );
/** Database username */
define( 'DB_USER', 'wp_prod' );
/** Database password */
define( 'DB_PASSWORD', '{p1}' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );

define( 'AUTH_KEY',         '{salts[0]}' );
define( 'SECURE_AUTH_KEY',  '{salts[1]}' );
define( 'LOGGED_IN_KEY',    '{salts[2]}' );
define( 'NONCE_KEY',        '{salts[3]}' );

$table_prefix = 'wp_';
""", [p1] + salts)

    p1, p2 = g.password(), g.password()
    add("laravel-app/config/database.php", "php-array-config", f"""<?php

return [
    'default' => 'mysql',
    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => '{g.host()}',
            'database' => 'forge',
            'username' => 'forge',
            'password' => '{p1}',
        ],
        'legacy' => array(
            'host'     => '10.1.1.4',
            'user'     => 'legacy',
            'pass'     => "{p2}",
        ),
    ],
];
""", [p1, p2])

    # ---------------------------------------------------------------- containers
    p1, p2, p3 = g.password(), g.url_password(), g.password()
    add("deploy/docker-compose.yml", "docker-compose", f"""version: "3.8"
services:
  db:
    image: postgres:15
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: {p1}
      POSTGRES_DB: app
  mysql:
    image: mysql:8
    environment:
      - MYSQL_ROOT_PASSWORD={p3}
      - MYSQL_DATABASE=app
  web:
    build: .
    environment:
      - DATABASE_URL=postgres://app:{p2}@db:5432/app
      - RAILS_ENV=production
    ports:
      - "3000:3000"
""", [p1, p2, p3])

    p1, k1 = g.password(), g.alnum(40)
    add("worker/Dockerfile", "dockerfile", f"""FROM python:3.12-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1
ENV DB_PASSWORD={p1}
ENV API_SECRET_KEY="{k1}"
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "worker.py"]
""", [p1, k1])

    # ---------------------------------------------------------------- Kubernetes / Helm
    p1, t1, p2 = g.password(), g.alnum(40), g.password()
    add("k8s/db-secret.yaml", "k8s-secret-data", f"""apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: prod
type: Opaque
data:
  username: {base64.b64encode(b"app").decode()}
  password: {base64.b64encode(p1.encode()).decode()}
  api-token: {base64.b64encode(t1.encode()).decode()}
""", [base64.b64encode(p1.encode()).decode(), base64.b64encode(t1.encode()).decode()])

    add("k8s/app-secret.yaml", "k8s-secret-stringdata", f"""apiVersion: v1
kind: Secret
metadata:
  name: app-secrets
type: Opaque
stringData:
  DB_USER: app
  DB_PASSWORD: "{p2}"
  REDIS_URL: redis://default:{(p3 := g.url_password())}@redis-master:6379/0
""", [p2, p3])

    p1, p2, p3 = g.password(), g.password(), g.alnum(24)
    add("charts/shop/values-prod.yaml", "helm-values", f"""replicaCount: 3
image:
  repository: registry.example.com/shop
  tag: "1.4.2"
postgresql:
  enabled: true
  auth:
    username: shop
    password: {p1}
    postgresPassword: "{p2}"
redis:
  auth:
    enabled: true
    password: {p3}
ingress:
  enabled: true
""", [p1, p2, p3])

    # ---------------------------------------------------------------- Terraform
    a1, a2, p1 = g.aws_key_id(), g.aws_secret(), g.password()
    add("infra/main.tf", "terraform", f"""provider "aws" {{
  region     = "us-east-1"
  access_key = "{a1}"
  secret_key = "{a2}"
}}

resource "aws_db_instance" "main" {{
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  username          = "dbadmin"
  password          = "{p1}"
  allocated_storage = 50
}}
""", [a1, a2, p1])

    p1, t1 = g.password(), g.alnum(40)
    add("infra/prod.tfvars", "terraform-tfvars", f"""region          = "eu-west-1"
db_username     = "admin"
db_password     = "{p1}"
datadog_api_key = "{(d1 := g.hex(32))}"
cloudflare_api_token = "{t1}"
""", [p1, d1, t1])

    p1 = g.password()
    add("infra/terraform.tfstate", "terraform-state", json.dumps({
        "version": 4, "terraform_version": "1.6.2", "serial": 12,
        "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main",
                       "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                       "instances": [{"schema_version": 2, "attributes": {
                           "address": "main.c9x2.us-east-1.rds.amazonaws.com", "engine": "postgres",
                           "username": "dbadmin", "password": p1, "port": 5432}}]}]}, indent=2) + "\n", [p1])

    # ---------------------------------------------------------------- Ansible
    p1, p2, p3 = g.password(), g.password(), g.password()
    add("ansible/group_vars/dbservers.yml", "ansible-vars", f"""---
mysql_root_password: {p1}
mysql_users:
  - name: app
    host: "%"
    password: "{p2}"
    priv: "app.*:ALL"
ansible_become_pass: {p3}
""", [p1, p2, p3])

    p1, p2 = g.password(), g.password()
    add("ansible/inventory/hosts.ini", "ansible-inventory", f"""[web]
web1.example.net ansible_user=deploy ansible_ssh_pass={p1}
web2.example.net ansible_user=deploy ansible_password={p2}

[db]
db1.example.net
""", [p1, p2])

    # ---------------------------------------------------------------- CI
    t1, p1, s1 = g.gh_token(), g.password(), g.alnum(32)
    add(".github/workflows/deploy.yml", "github-actions", f"""name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: {t1}
      DEPLOY_PASSWORD: {p1}
      SONAR_TOKEN: ${{{{ secrets.SONAR_TOKEN }}}}
    steps:
      - uses: actions/checkout@v4
      - run: ./deploy.sh --api-key {s1}
""", [t1, p1, s1])

    p1, t1 = g.password(), g.alnum(20)
    add(".gitlab-ci.yml", "gitlab-ci", f"""stages: [build, deploy]
variables:
  DOCKER_DRIVER: overlay2
  REGISTRY_PASSWORD: "{p1}"
deploy:
  stage: deploy
  script:
    - docker login -u deployer -p {(p2 := g.password())} registry.example.com
    - curl -X POST -H "PRIVATE-TOKEN: glpat-{t1}" https://gitlab.example.com/api/v4/projects/7/trigger
""", [p1, p2, "glpat-" + t1])

    # ---------------------------------------------------------------- notebooks
    k1, p1, a1, a2 = "sk-proj-" + g.b64url(48) + "T3BlbkFJ" + g.b64url(48), g.url_password(), g.aws_key_id(), g.aws_secret()
    h1 = g.hex(32)
    nb = {"cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import openai\n", "import sqlalchemy as sa\n", "\n",
                    f"openai.api_key = \"{k1}\"\n",
                    f"engine = sa.create_engine(\"postgresql://analyst:{p1}@{g.host()}:5432/warehouse\")\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["import boto3\n",
                    f"s3 = boto3.client('s3', aws_access_key_id='{a1}',\n",
                    f"                  aws_secret_access_key='{a2}')\n"]},
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [],
         "source": [f"HF_TOKEN = \"hf_{g.chars(string.ascii_letters, 34)}\"\n",
                    f"headers = {{'X-Api-Key': '{h1}'}}\n"]},
    ], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    hf = nb["cells"][2]["source"][0].split('"')[1]
    add("notebooks/analysis.ipynb", "jupyter", json.dumps(nb, indent=1) + "\n", [k1, p1, a1, a2, hf, h1])

    # ---------------------------------------------------------------- shell history / profiles
    p1, p2, p3, p4, p5, p6, p7 = (g.password() for _ in range(7))
    p1 = p1.replace("!", "%")  # history: no bang expansion
    u1 = g.url_password()
    t1 = g.alnum(32)
    add("home/dev/.bash_history", "shell-history", f"""ls -la
cd /srv/app
mysql -u root -p'{p1}' app_production
mysql -h {g.host()} -uadmin -p{p2.replace("!", "%")} -e "show databases"
curl -u admin:{u1} https://jenkins.example.com/api/json
curl -H "Authorization: Bearer {t1}" https://api.example.com/v1/me
sshpass -p '{p3}' ssh root@10.0.0.12
redis-cli -h cache-01.prod -a '{p4}' info
PGPASSWORD='{p5}' psql -h {g.host()} -U postgres
export AWS_SECRET_ACCESS_KEY={(a2 := g.aws_secret())}
wget --user=ci --password='{p6}' https://nexus.example.com/repo/app.jar
git push origin main
mongo "mongodb+srv://cluster0.ab1cd.mongodb.net/admin" --username root --password '{p7}'
""", [p1, p2.replace("!", "%"), u1, t1, p3, p4, p5, a2, p6, p7])

    k1, t1, p1 = g.aws_secret(), g.alnum(40), g.password()
    add("home/dev/.zshrc", "shell-profile", f"""export PATH="$HOME/bin:$PATH"
export EDITOR=vim
export AWS_ACCESS_KEY_ID={(a1 := g.aws_key_id())}
export AWS_SECRET_ACCESS_KEY="{k1}"
export CLOUDFLARE_API_TOKEN={t1}
export DB_PASSWORD='{p1}'
alias k=kubectl
""", [a1, k1, t1, p1])

    # ---------------------------------------------------------------- connection URIs
    pws = [g.url_password() for _ in range(12)]
    uri_lines = [
        f"postgresql://app:{pws[0]}@{g.host()}:5432/app?sslmode=require",
        f"mysql://root:{pws[1]}@{g.host()}:3306/shop",
        f"mongodb+srv://admin:{pws[2]}@cluster0.x7yq2.mongodb.net/prod?retryWrites=true&w=majority",
        f"redis://:{pws[3]}@cache-01.prod:6379/0",
        f"amqp://orders:{pws[4]}@mq.internal:5672/%2F",
        f"ldap://cn=admin,dc=example,dc=org:{pws[5]}@ldap.example.org:389",
        f"smtp://mailer:{pws[6]}@smtp.example.org:587",
        f"ftp://upload:{pws[7]}@ftp.example.org/incoming",
        f"sftp://backup:{pws[8]}@files.example.org:22/backups",
        f"jdbc:mysql://{g.host()}:3306/app?user=app&password={pws[9]}&useSSL=false",
        f"jdbc:sqlserver://{g.host()}:1433;databaseName=erp;user=erp;password={pws[10]};",
        f"rediss://default:{pws[11]}@redis-12345.c1.us-east-1-2.ec2.cloud.redislabs.com:12345",
    ]
    names = ["DATABASE_URL", "MYSQL_URL", "MONGO_URI", "REDIS_URL", "AMQP_URL", "LDAP_URL",
             "SMTP_URL", "FTP_URL", "SFTP_URL", "JDBC_URL", "MSSQL_JDBC", "CACHE_URL"]
    # (user:password@ is not part of LDAP URLs: that line is left out)
    add("services/.env.production", "connection-uris",
        "".join(f"{n}={u}\n" for n, u in zip(names, uri_lines) if n != "LDAP_URL"), pws[:5] + pws[6:])

    # ---------------------------------------------------------------- credential files
    p1, p2 = g.password(), g.alnum(40)
    add("home/dev/.netrc", "netrc", f"""machine api.heroku.com
  login dev@example.com
  password {p2}
machine ftp.example.org login upload password {p1}
""", [p1, p2])

    p1, p2 = g.url_password(), g.url_password()
    add("home/dev/.pgpass", "pgpass", f"""{g.host()}:5432:app:app:{p1}
localhost:5432:*:postgres:{p2}
""", [p1, p2])

    p1 = g.password()
    add("home/dev/.my.cnf", "mycnf", f"""[client]
user=root
password={p1}
host=localhost
""", [p1])

    p1, t1 = g.url_password(), g.gh_token()
    add("home/dev/.git-credentials", "git-credentials", f"""https://dev:{t1}@github.com
https://deploy:{p1}@gitlab.example.com
""", [t1, p1])

    n1 = g.gh_token("npm_")
    b1 = base64.b64encode(("ci:" + g.password()).encode()).decode()
    p1 = base64.b64encode(g.password().encode()).decode()
    add("web/.npmrc", "npmrc", f"""registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={n1}
//npm.pkg.example.com/:_auth={b1}
//nexus.example.com/repository/npm/:username=ci
//nexus.example.com/repository/npm/:_password={p1}
always-auth=true
""", [n1, b1, p1])

    t1, p1 = "pypi-" + g.b64url(150), g.password()
    add("home/dev/.pypirc", "pypirc", f"""[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = {t1}

[internal]
repository = https://nexus.example.com/repository/pypi/
username = deploy
password = {p1}
""", [t1, p1])

    p1, p2 = g.password(), g.password()
    add("home/dev/.m2/settings.xml", "maven-settings", f"""<settings>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deploy</username>
      <password>{p1}</password>
    </server>
    <server>
      <id>docker-hub</id>
      <username>acme</username>
      <password>{p2}</password>
    </server>
  </servers>
</settings>
""", [p1, p2])

    p1 = g.password()
    add("src/NuGet.Config", "nuget-config", f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="internal" value="https://nuget.example.com/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="build" />
      <add key="ClearTextPassword" value="{p1}" />
    </internal>
  </packageSourceCredentials>
</configuration>
""", [p1])

    a1 = base64.b64encode(("deploy:" + g.password()).encode()).decode()
    add("home/dev/.dockercfg", "dockercfg", json.dumps({"https://index.docker.io/v1/": {
        "auth": a1, "email": "deploy@example.com"}}) + "\n", [a1])
    a2 = base64.b64encode(("ci:" + g.password()).encode()).decode()
    add("home/dev/.docker/config.json", "docker-config", json.dumps({"auths": {
        "registry.example.com": {"auth": a2}}}, indent="\t") + "\n", [a2])

    a1, a2 = g.aws_key_id(), g.aws_secret()
    add("home/dev/.aws/credentials", "aws-credentials", f"""[default]
aws_access_key_id = {a1}
aws_secret_access_key = {a2}
region = us-east-1
""", [a1, a2])

    # ---------------------------------------------------------------- private keys
    for kind, path in [("rsa", "keys/id_rsa"), ("pkcs8", "certs/server.key"), ("ec", "certs/ec.pem"),
                       ("openssh", "home/dev/.ssh/id_ed25519"), ("dsa", "keys/legacy_dsa.pem"),
                       ("enc", "certs/client-encrypted.key")]:
        k = real_key(kind, tmp)
        if not k or "BEGIN" not in k:
            continue
        lines = k.strip().splitlines()
        add(path, "private-key-" + kind, k, [], [(lines[0], lines[-1])])
    # a key pasted into code and a PuTTY key (random payload in the PuTTY layout)
    k = real_key("rsa", tmp)
    if k:
        lines = k.strip().splitlines()
        esc = "\\n".join(lines)
        add("src/signing.py", "private-key-in-code", f"""import jwt

PRIVATE_KEY = "{esc}\\n"

def sign(claims):
    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")
""", [], [(lines[0], lines[0])])
    pub = g.b64(279)
    priv = g.b64(656)
    pl = [pub[i:i + 64] for i in range(0, len(pub), 64)]
    vl = [priv[i:i + 64] for i in range(0, len(priv), 64)]
    add("keys/server.ppk", "private-key-putty", "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n"
        "Comment: rsa-key-20230412\nPublic-Lines: %d\n%s\nPrivate-Lines: %d\n%s\nPrivate-MAC: %s\n"
        % (len(pl), "\n".join(pl), len(vl), "\n".join(vl), g.hex(40)), [],
        [("Private-Lines", "Private-MAC")])
    pgp = g.pem("PGP PRIVATE KEY BLOCK", 900)
    add("keys/release-signing.asc", "private-key-pgp", pgp + "\n", [],
        [("-----BEGIN PGP PRIVATE KEY BLOCK-----", "-----END PGP PRIVATE KEY BLOCK-----")])

    # ---------------------------------------------------------------- google service account
    k = real_key("pkcs8", tmp)
    if k:
        sa = {"type": "service_account", "project_id": "acme-prod-31337",
              "private_key_id": g.hex(40), "private_key": k,
              "client_email": "deployer@acme-prod-31337.iam.gserviceaccount.com",
              "client_id": str(r.randint(10**20, 10**21)),
              "auth_uri": "https://accounts.google.com/o/oauth2/auth",
              "token_uri": "https://oauth2.googleapis.com/token"}
        t = json.dumps(sa, indent=2) + "\n"
        add("deploy/gcp-sa.json", "gcp-service-account", t, [], [('"private_key_id"', "-----BEGIN PRIVATE KEY-----")])

    # ---------------------------------------------------------------- nested provider keys
    tw, mg, dd, al, pu = g.hex(32), g.hex(32), g.hex(32), g.hex(32), g.hex(20)
    add("config/services.yml", "nested-yaml", f"""twilio:
  account_sid: AC{g.hex(32)}
  auth_token: {tw}
mailgun:
  domain: mg.example.org
  api_key: {mg}
datadog:
  site: datadoghq.eu
  api_key: "{dd}"
algolia:
  app_id: {g.chars(UPPER_ALNUM, 10)}
  admin_api_key: {al}
pusher:
  app_id: "{r.randint(100000, 9999999)}"
  key: {g.hex(20)}
  secret: {pu}
""", [tw, mg, dd, al, pu])

    sg, st, ol = g.alnum(24), g.hex(32), g.password()
    add("config/default.json", "nested-json", json.dumps({
        "server": {"port": 3000},
        "stripe": {"publishableKey": "pk_live_" + g.alnum(24), "secretKey": "sk_live_" + sg},
        "sentry": {"dsn": f"https://{st}@o{r.randint(10000, 999999)}.ingest.sentry.io/{r.randint(1000, 99999)}"},
        "db": {"mongo": {"uri": "mongodb://localhost:27017/app", "user": "app", "pass": ol}},
    }, indent=2) + "\n", ["sk_live_" + sg, st, ol])

    p1, k1 = g.password(), g.alnum(32)
    add("config/production.toml", "nested-toml", f"""[server]
bind = "0.0.0.0:8080"

[database]
url = "postgres://localhost/app"
user = "app"
password = "{p1}"

[mailchimp]
api_key = "{k1}-us21"
""", [p1, k1 + "-us21"])

    # ---------------------------------------------------------------- source code
    p1, k1, t1 = g.password(), g.alnum(32), g.hex(40)
    add("scripts/sync.py", "python-code", f"""import requests
import psycopg2
from requests.auth import HTTPBasicAuth

API_KEY = "{k1}"

conn = psycopg2.connect(host="{g.host()}", dbname="crm", user="sync", password="{p1}")

def push(rows):
    requests.post("https://api.partner.example/v2/rows", json=rows,
                  auth=HTTPBasicAuth("sync", "{(p2 := g.password())}"))

CONFIG = {{
    "client_id": "sync-worker",
    "client_secret": "{t1}",
}}
""", [k1, p1, p2, t1])

    k1, p1 = g.alnum(40), g.password()
    add("scripts/long_token.py", "python-concat", f"""# split so it fits the line length
TOKEN = ("{k1[:20]}"
         "{k1[20:]}")
smtp_password = ("{p1}")
""", [k1[:20], k1[20:], p1])

    p1, k1 = g.password(), g.alnum(32)
    add("server/db.js", "javascript-code", f"""const {{ Pool }} = require('pg');
const mongoose = require('mongoose');

const pool = new Pool({{
  host: '{g.host()}',
  user: 'api',
  password: '{p1}',
  database: 'api',
}});

mongoose.connect('mongodb://api:{(u1 := g.url_password())}@mongo-0.internal:27017/api?authSource=admin');

module.exports = {{ pool, apiSecret: "{k1}" }};
""", [p1, u1, k1])

    p1, k1 = g.password(), g.alnum(32)
    add("internal/config/config.go", "go-code", f"""package config

const apiSecret = "{k1}"

var DefaultDB = DBConfig{{
	Host:     "{g.host()}",
	User:     "svc",
	Password: "{p1}",
}}

func dsn() string {{
	return "svc:{(p2 := g.url_password())}@tcp(10.0.0.5:3306)/orders?parseTime=true"
}}
""", [k1, p1, p2])

    p1, p2, k1 = g.password(), g.password(), g.alnum(32)
    add("src/main/java/com/acme/Db.java", "java-code", f"""package com.acme;

import java.sql.Connection;
import java.sql.DriverManager;

public class Db {{
    private static final String API_SECRET = "{k1}";

    public static Connection open() throws Exception {{
        return DriverManager.getConnection("jdbc:postgresql://{g.host()}/erp", "erp", "{p1}");
    }}

    public static javax.mail.PasswordAuthentication mailAuth() {{
        return new javax.mail.PasswordAuthentication("alerts@acme.example", "{p2}");
    }}
}}
""", [k1, p1, p2])

    p1, p2 = g.password(), g.password()
    add("src/Mailer/SmtpSender.cs", "csharp-code", f"""using System.Net;
using System.Net.Mail;

public class SmtpSender
{{
    private const string ApiKey = "{(k1 := g.alnum(32))}";

    public SmtpClient Create()
    {{
        var client = new SmtpClient("smtp.office365.com", 587);
        client.Credentials = new NetworkCredential("noreply@acme.example", "{p1}");
        return client;
    }}

    public string ConnectionString = "Server=10.0.0.9;Database=Mail;User Id=mailer;Password={p2};";
}}
""", [k1, p1, p2])

    p1, k1 = g.password(), g.alnum(32)
    add("app/Services/Payment.php", "php-code", f"""<?php
namespace App\\Services;

class Payment
{{
    private $apiSecret = '{k1}';

    public function connect()
    {{
        $pdo = new \\PDO('mysql:host={g.host()};dbname=pay', 'pay', '{p1}');
        return $pdo;
    }}
}}
""", [k1, p1])

    p1, k1 = g.password(), g.alnum(32)
    add("config/initializers/mailer.rb", "ruby-code", f"""ActionMailer::Base.smtp_settings = {{
  address: 'smtp.example.org',
  port: 587,
  user_name: 'mailer',
  password: '{p1}',
  authentication: :plain
}}
Rails.application.config.api_secret = "{k1}"
""", [p1, k1])

    # ---------------------------------------------------------------- XML attributes / other configs
    p1, p2 = g.password(), g.password()
    add("conf/context.xml", "xml-attributes", f"""<?xml version="1.0" encoding="UTF-8"?>
<Context>
  <Resource name="jdbc/AppDB" auth="Container" type="javax.sql.DataSource"
            username="app" password="{p1}"
            driverClassName="com.mysql.cj.jdbc.Driver"
            url="jdbc:mysql://{g.host()}:3306/app"/>
</Context>
""", [p1])
    add("conf/beans.xml", "xml-attributes", f"""<beans>
  <bean id="dataSource" class="org.apache.commons.dbcp2.BasicDataSource">
    <property name="username" value="app"/>
    <property name="password" value="{p2}"/>
  </bean>
</beans>
""", [p2])

    p1, k1 = g.password(), g.alnum(32)
    add("etc/app/config.ini", "ini-config", f"""[database]
host = {g.host()}
user = app
password = {p1}

[api]
secret_key = {k1}
""", [p1, k1])

    # ---------------------------------------------------------------- SQL dumps / password hashes
    hb, hs, hm, hd, hy, hq = g.bcrypt(), g.sha512crypt(), g.md5crypt(), g.django_pbkdf2(), g.mysql_hash(), g.ssha()
    add("db/dump.sql", "sql-dump-hashes", f"""-- MySQL dump 10.13
INSERT INTO `users` (`id`, `email`, `password`, `created_at`) VALUES
(1,'admin@shop.example','{hb}','2023-01-04 10:00:00'),
(2,'ops@shop.example','{(hb2 := g.bcrypt())}','2023-01-05 11:00:00');
INSERT INTO auth_user (id, username, password) VALUES (1, 'root', '{hd}');
CREATE USER 'report'@'%' IDENTIFIED BY PASSWORD '{hy}';
CREATE USER 'app'@'%' IDENTIFIED BY '{(p1 := g.password())}';
""", [hb, hb2, hd, hy, p1])
    add("backup/etc/shadow", "shadow", f"""root:{hs}:19500:0:99999:7:::
daemon:*:19000:0:99999:7:::
deploy:{hm}:19500:0:99999:7:::
svc:{(hy2 := g.yescrypt())}:19600:0:99999:7:::
""", [hs, hm, hy2])
    add("ldap/users.ldif", "ldif", f"""dn: uid=jdoe,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: jdoe
cn: John Doe
userPassword: {hq}
""", [hq])
    add("web/.htpasswd", "htpasswd", f"""admin:{(ha := g.md5crypt("apr1"))}
editor:{(hb3 := g.bcrypt())}
""", [ha, hb3])

    # =================================================================== NEGATIVES
    add("neg/spring/application.yml", "neg-spring", """spring:
  datasource:
    url: jdbc:postgresql://${DB_HOST:localhost}:5432/orders
    username: ${DB_USER}
    password: ${DB_PASSWORD}
  mail:
    password: ${MAIL_PASSWORD:}
app:
  jwt:
    secret: ${JWT_SECRET}
""", negative=True)
    add("neg/Api/appsettings.Development.json", "neg-dotnet", json.dumps({
        "ConnectionStrings": {"DefaultConnection": "Server=(localdb)\\mssqllocaldb;Database=Shop;Trusted_Connection=True;"},
        "Smtp": {"Password": ""}, "Jwt": {"Key": "<your-signing-key>"}}, indent=2) + "\n", negative=True)
    add("neg/mysite/settings.py", "neg-django", """import os
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'PASSWORD': os.environ.get('DB_PASSWORD', ''),
        'HOST': os.getenv('DB_HOST', 'localhost'),
    }
}
EMAIL_HOST_PASSWORD = env('EMAIL_HOST_PASSWORD')
AUTH_PASSWORD_VALIDATORS = [
    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},
]
""", negative=True)
    add("neg/shop/config/database.yml", "neg-rails", """production:
  adapter: postgresql
  database: shop_production
  username: shop
  password: <%= ENV['SHOP_DATABASE_PASSWORD'] %>
  host: <%= ENV.fetch("DB_HOST") %>
""", negative=True)
    add("neg/laravel/.env.example", "neg-laravel", """APP_KEY=
DB_PASSWORD=secret
MAIL_PASSWORD=null
AWS_SECRET_ACCESS_KEY=
PUSHER_APP_SECRET=
""", negative=True)
    add("neg/deploy/docker-compose.yml", "neg-compose", """services:
  db:
    image: postgres:15
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
  web:
    environment:
      - DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app
secrets:
  db_password:
    file: ./secrets/db_password.txt
""", negative=True)
    add("neg/k8s/secret.yaml", "neg-k8s", """apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
stringData:
  password: "{{ .Values.db.password }}"
  token: REPLACE_ME
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  annotations:
    checksum/config: %s
data:
  LOG_LEVEL: info
""" % hashlib.sha256(g.alnum(30).encode()).hexdigest(), negative=True)
    add("neg/charts/values.yaml", "neg-helm", """postgresql:
  auth:
    password: ""
    existingSecret: shop-db
    secretKeys:
      adminPasswordKey: postgres-password
      userPasswordKey: password
redis:
  auth:
    password: changeme
""", negative=True)
    add("neg/infra/main.tf", "neg-terraform", """variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_db_instance" "main" {
  username = "dbadmin"
  password = var.db_password
}
resource "random_password" "db" {
  length  = 24
  special = true
}
data "aws_secretsmanager_secret_version" "api" {
  secret_id = "prod/api/key"
}
""", negative=True)
    add("neg/ansible/group_vars/all.yml", "neg-ansible", """mysql_root_password: "{{ vault_mysql_root_password }}"
ansible_become_pass: "{{ lookup('env', 'BECOME_PASS') }}"
api_token: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          %s
          %s
""" % (g.hex(64), g.hex(64)), negative=True)
    add("neg/.github/workflows/ci.yml", "neg-github-actions", """jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
    steps:
      - uses: actions/checkout@%s
      - uses: actions/setup-node@%s
      - run: echo "${{ secrets.DEPLOY_KEY }}" > key && chmod 600 key
""" % (g.hex(40), g.hex(40)), negative=True)
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [
        {"output_type": "display_data", "data": {"image/png": g.b64(3000)}, "metadata": {}}],
        "source": ["import getpass, os\n", "openai.api_key = os.environ[\"OPENAI_API_KEY\"]\n",
                   "password = getpass.getpass()\n"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    add("neg/notebooks/plot.ipynb", "neg-jupyter", json.dumps(nb, indent=1) + "\n", negative=True)
    add("neg/home/.bash_history", "neg-shell", """mysql -u root -p app_production
psql -h localhost -U postgres -W
export DB_PASSWORD=$(vault kv get -field=password secret/db)
curl -u "$USER:$TOKEN" https://api.example.com
sshpass -f ~/.sshpass ssh root@host
git checkout %s
""" % g.hex(40), negative=True)
    add("neg/services/.env.sample", "neg-uris", """DATABASE_URL=postgres://user:password@localhost:5432/app
REDIS_URL=redis://localhost:6379/0
MONGO_URI=mongodb://<username>:<password>@cluster0.mongodb.net/test
AMQP_URL=amqp://guest:guest@localhost:5672/
""", negative=True)
    add("neg/src/test/resources/fixtures.yml", "neg-fixtures", """users:
  - email: test@example.com
    password: password123
  - email: fake@example.com
    password: "fake-password"
api:
  key: test-api-key
  secret: dummy-secret-for-tests
""", negative=True)
    ids = [str(__import__("uuid").UUID(int=r.getrandbits(128), version=4)) for _ in range(3)]
    add("neg/data/ids.json", "neg-uuids", json.dumps({"tenant_id": ids[0], "request_id": ids[1],
                                                       "session_id": ids[2], "commit": g.hex(40),
                                                       "sha256": hashlib.sha256(b"x" + g.alnum(9).encode()).hexdigest()},
                                                      indent=2) + "\n", negative=True)
    add("neg/web/package-lock.json", "neg-lockfile", json.dumps({"name": "web", "lockfileVersion": 3, "packages": {
        "node_modules/left-pad": {"version": "1.3.0", "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
                                  "integrity": "sha512-" + g.b64(64)},
        "node_modules/lodash": {"version": "4.17.21", "integrity": "sha512-" + g.b64(64)}}}, indent=2) + "\n", negative=True)
    add("neg/go.sum", "neg-lockfile", "github.com/pkg/errors v0.9.1 h1:%s\ngithub.com/pkg/errors v0.9.1/go.mod h1:%s\n"
        % (g.b64(32), g.b64(32)), negative=True)
    add("neg/web/index.html", "neg-sri", """<script src="https://cdn.example.com/lib.min.js" integrity="sha384-%s" crossorigin="anonymous"></script>
<img src="data:image/png;base64,%s" alt="logo">
""" % (g.b64(48), g.b64(600)), negative=True)
    add("neg/keys/id_rsa.pub", "neg-public-key", "ssh-rsa %s deploy@ci\n" % ("AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + g.b64(250)), negative=True)
    add("neg/certs/server.crt", "neg-certificate", g.pem("CERTIFICATE", 900) + "\n" + g.pem("PUBLIC KEY", 294) + "\n", negative=True)
    add("neg/src/auth/forms.py", "neg-code", """from django import forms

class LoginForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, max_length=128)
    PASSWORD_MIN_LENGTH = 12
    password_field = "password"
    token_header = "X-Auth-Token"

def reset_password(user, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
""", negative=True)
    add("neg/src/i18n/en.json", "neg-code", json.dumps({"login": {"password": "Password",
                                                                "forgotPassword": "Forgot your password?",
                                                                "apiKeyLabel": "API key",
                                                                "secretHint": "Keep your secret key safe"}}, indent=2) + "\n", negative=True)
    add("neg/db/schema.sql", "neg-sql", """CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  api_key_sha256 CHAR(64)
);
INSERT INTO migrations (version, checksum) VALUES ('20230101', '%s');
""" % hashlib.sha256(g.alnum(12).encode()).hexdigest(), negative=True)
    add("neg/src/main/java/Auth.java", "neg-code", """public class Auth {
    private final String password;
    public Auth(String password) { this.password = password; }
    public static final String PASSWORD_PARAM = "password";
    String secret = System.getenv("APP_SECRET");
    String apiKey = config.getString("api.key");
}
""", negative=True)
    add("neg/config/secrets.enc.yaml", "neg-sops", """db:
    password: ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]
sops:
    kms:
        - arn: arn:aws:kms:us-east-1:123456789012:key/%s
""" % (g.b64(18), g.b64(32), g.b64(16), ids[0]), negative=True)
    add("neg/home/.npmrc", "neg-npmrc", """registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
""", negative=True)
    add("neg/home/.pypirc", "neg-pypirc", """[pypi]
username = __token__
password = <your PyPI token>
""", negative=True)
    add("neg/infra/terraform.tfstate", "neg-tfstate", json.dumps({"version": 4, "resources": [{"type": "aws_instance", "instances": [{"attributes": {
        "id": "i-0" + g.hex(16), "ami": "ami-0" + g.hex(16), "arn": "arn:aws:ec2:us-east-1:123456789012:instance/i-0" + g.hex(16),
        "private_ip": "10.0.1.12", "instance_state": "running"}}]}]}, indent=2) + "\n", negative=True)
    build_more(g, add, tmp)
    build_third(g, add)
    build_fourth(g, add)
    from shapes8 import build_eighth
    from shapes9 import build_ninth
    from shapes10 import build_tenth
    from shapes11 import build_eleventh
    from shapes12 import build_twelfth
    from shapes13 import build_thirteenth
    from shapes14 import build_fourteenth
    from shapes15 import build_fifteenth
    from shapes16 import build_sixteenth
    from shapes17 import build_seventeenth
    from shapes18 import build_eighteenth
    from shapes19 import build_nineteenth
    from shapes20 import build_twentieth
    from shapes21 import build_twentyfirst
    from shapes22 import build_twentysecond
    from shapes23 import build_twentythird
    from shapes24 import build_twentyfourth
    from shapes25 import build_twentyfifth
    from shapes26 import build_twentysixth
    from shapes27 import build_twentyseventh
    from shapes28 import build_twentyeighth
    from shapes29 import build_twentyninth
    from shapes30 import build_thirtieth
    from shapes31 import build_thirtyfirst
    from shapes32 import build_thirtysecond
    from shapes33 import build_thirtythird
    from shapes34 import build_thirtyfourth
    from shapes35 import build_thirtyfifth

    # The later batches, each written blind: their files carry the batch's number. From batch 18
    # on, each batch draws from a generator of its own (seeded by the seed and its number), so a
    # batch's values do not depend on which batches come before it; 5-17 share `g`, as they did
    # when they were measured.
    for batch, build_batch in [(5, build_fifth), (6, build_sixth), (7, build_seventh),
                               (8, build_eighth), (9, build_ninth), (10, build_tenth),
                               (11, build_eleventh), (12, build_twelfth),
                               (13, build_thirteenth), (14, build_fourteenth),
                               (15, build_fifteenth), (16, build_sixteenth),
                               (17, build_seventeenth), (18, build_eighteenth),
                               (19, build_nineteenth), (20, build_twentieth),
                               (21, build_twentyfirst), (22, build_twentysecond),
                               (23, build_twentythird), (24, build_twentyfourth),
                               (25, build_twentyfifth), (26, build_twentysixth),
                               (27, build_twentyseventh), (28, build_twentyeighth),
                               (29, build_twentyninth), (30, build_thirtieth),
                               (31, build_thirtyfirst), (32, build_thirtysecond),
                               (33, build_thirtythird), (34, build_thirtyfourth),
                               (35, build_thirtyfifth)]:
        n = len(files)
        build_batch(g if batch <= 17 else Gen(seed * 1000 + batch), add)
        for f in files[n:]:
            f.batch = batch
    return files


def build_more(g, add, tmp):
    """Second batch: less common syntaxes, system configs, more hash and key containers."""
    r = g.r

    # ---------------------------------------------------------------- more code shapes
    p1, p2, k1, p3 = g.password(), g.password(), g.alnum(32), g.password()
    add("tools/bootstrap.py", "python-env-defaults", f"""import os
os.environ.setdefault("DB_PASSWORD", "{p1}")
os.environ["PAYMENT_API_KEY"] = "{k1}"
SECRET = os.getenv("APP_SECRET", "{p2}")
config.set("smtp", "password", "{p3}")
""", [p1, k1, p2, p3])

    p1, k1, b1 = g.password(), g.alnum(40), g.password()
    basic = __import__("base64").b64encode(("svc:" + b1).encode()).decode()
    add("web/src/api/client.ts", "typescript-code", f"""import axios from 'axios';

export const client = axios.create({{
  baseURL: 'https://api.partner.example',
  auth: {{ username: 'svc', password: '{p1}' }},
  headers: {{ Authorization: 'Basic {basic}' }},
}});

const accessToken: string = process.env.ACCESS_TOKEN || "{k1}";
""", [p1, basic, k1])

    p1, p2 = g.password(), g.password()
    add("cmd/mailer/main.go", "go-calls", f"""package main

import (
	"net/smtp"
	"os"
)

func main() {{
	os.Setenv("DB_PASSWORD", "{p1}")
	auth := smtp.PlainAuth("", "alerts@acme.example", "{p2}", "smtp.acme.example")
	_ = auth
}}
""", [p1, p2])

    p1, p2, p3 = g.password(), g.password(), g.password()
    add("src/main/java/com/acme/Mail.java", "java-calls", f"""package com.acme;

import java.util.Properties;

public class Mail {{
    Properties props() {{
        Properties props = new Properties();
        props.put("mail.smtp.password", "{p1}");
        props.setProperty("db.password", "{p2}");
        return props;
    }}
    DataSource ds() {{
        return DataSourceBuilder.create().username("app").password("{p3}").build();
    }}
}}
""", [p1, p2, p3])

    p1, k1 = g.password(), g.alnum(32)
    add("Sources/App/Config.swift", "swift-code", f"""import Foundation

struct Config {{
    static let apiKey = "{k1}"
    static let dbPassword = "{p1}"
}}
""", [k1, p1])

    p1, k1 = g.password(), g.alnum(32)
    add("src/config.rs", "rust-code", f"""pub const API_SECRET: &str = "{k1}";

pub fn db_url() -> String {{
    let password = "{p1}";
    format!("postgres://app:{{}}@localhost/app", password)
}}
""", [k1, p1])

    p1, k1 = g.password(), g.alnum(32)
    add("firmware/net.c", "c-code", f"""#include <stdio.h>

static const char *wifi_password = "{p1}";
#define API_KEY "{k1}"
""", [p1, k1])

    p1, p2 = g.password(), g.password()
    add("scripts/deploy.ps1", "powershell", f"""$User = "CORP\\svc_deploy"
$Password = ConvertTo-SecureString "{p1}" -AsPlainText -Force
$Cred = New-Object System.Management.Automation.PSCredential($User, $Password)
$dbPass = "{p2}"
Invoke-Sqlcmd -ServerInstance sql01 -Username sa -Password $dbPass -Query "SELECT 1"
""", [p1, p2])

    p1, p2 = g.password(), g.password()
    add("lib/cache.rb", "ruby-calls", f"""$redis = Redis.new(host: "cache-01.prod", port: 6379, password: "{p1}")
ENV["SMTP_PASSWORD"] ||= "{p2}"
""", [p1, p2])

    p1, p2 = g.password(), g.password()
    add("public/db.php", "php-calls", f"""<?php
$db_host = "localhost";
$db_user = "shop";
$db_pass = "{p1}";
$link = mysqli_connect("localhost", "shop", "{p2}", "shop");
""", [p1, p2])

    # ---------------------------------------------------------------- shell scripts
    p = [g.password().replace("!", "%") for _ in range(10)]
    u = g.url_password()
    add("scripts/backup.sh", "shell-script", f"""#!/bin/bash
set -euo pipefail
DB_PASS="{p[0]}"
mysqldump -u backup -p"{p[1]}" --all-databases > /backup/all.sql
docker login -u deploy -p '{p[2]}' registry.example.com
echo '{p[3]}' | docker login --username ci --password-stdin ghcr.io
htpasswd -b -c /etc/nginx/.htpasswd admin '{p[4]}'
openssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:{p[5]}
ldapsearch -x -D "cn=admin,dc=example,dc=org" -w '{p[6]}' -b "dc=example,dc=org"
smbclient //fileserver/share -U 'backup%{p[7]}'
git clone https://deploy:{u}@git.example.com/ops/infra.git
curl -d "username=admin&password={p[8]}" https://app.example.com/login
az login -u ops@example.com -p '{p[9]}'
""", [p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], u, p[8], p[9]])

    p1, p2 = g.password(), g.password()
    add("scripts/setup.bat", "windows-cmd", f"""@echo off
net use Z: \\\\fileserver\\share /user:CORP\\backup {p1}
cmdkey /add:sql01 /user:sa /pass:{p2}
""", [p1, p2])

    # ---------------------------------------------------------------- system and service configs
    p1, p2 = g.password(), g.password()
    add("etc/systemd/system/api.service", "systemd-unit", f"""[Unit]
Description=API

[Service]
Environment="DB_PASSWORD={p1}"
Environment=SECRET_KEY={p2}
ExecStart=/usr/local/bin/api
""", [p1, p2])

    p1 = g.password()
    add("etc/supervisor/conf.d/worker.conf", "supervisor", f"""[program:worker]
command=/srv/app/bin/worker
environment=DJANGO_SETTINGS_MODULE="app.settings",DB_PASSWORD="{p1}"
""", [p1])

    b1 = g.password()
    basic = __import__("base64").b64encode(("proxy:" + b1).encode()).decode()
    p2 = g.password()
    add("etc/nginx/conf.d/upstream.conf", "nginx", f"""location /api/ {{
    proxy_pass http://backend;
    proxy_set_header Authorization "Basic {basic}";
}}
""", [basic])
    add("etc/haproxy/haproxy.cfg", "haproxy", f"""listen stats
    bind *:8404
    stats enable
    stats auth admin:{p2}
""", [p2])

    p1, p2 = g.password(), g.password()
    add("etc/wpa_supplicant/wpa_supplicant.conf", "wifi-config", f"""network={{
    ssid="Office"
    psk="{p1}"
}}
""", [p1])
    add("etc/NetworkManager/system-connections/Office.nmconnection", "wifi-config", f"""[wifi-security]
key-mgmt=wpa-psk
psk={p2}
""", [p2])

    p1 = g.password()
    add("etc/openvpn/auth.txt", "openvpn-auth", f"""vpnuser
{p1}
""", [p1])

    p1, p2 = g.alnum(40), g.password()
    add("home/dev/.s3cfg", "s3cfg", f"""[default]
access_key = {(a1 := g.aws_key_id())}
secret_key = {p1}
host_base = s3.amazonaws.com
""", [a1, p1])

    tok = g.gh_token("gho_")
    add("home/dev/.config/gh/hosts.yml", "gh-hosts", f"""github.com:
    user: dev
    oauth_token: {tok}
    git_protocol: https
""", [tok])

    k = real_key("ec", tmp)
    if k:
        kd = __import__("base64").b64encode(k.encode()).decode()
        bt = g.alnum(40)
        add("home/dev/.kube/config", "kubeconfig", f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {__import__("base64").b64encode(g.pem("CERTIFICATE", 600).encode()).decode()}
    server: https://k8s.example.com:6443
  name: prod
users:
- name: admin
  user:
    client-certificate-data: {__import__("base64").b64encode(g.pem("CERTIFICATE", 600).encode()).decode()}
    client-key-data: {kd}
- name: ci
  user:
    token: {bt}
""", [kd, bt])

    ct = "cio" + g.alnum(32)
    add("home/dev/.cargo/credentials.toml", "cargo-credentials", f"""[registry]
token = "{ct}"
""", [ct])
    rg = "rubygems_" + g.hex(48)
    add("home/dev/.gem/credentials", "gem-credentials", f"""---
:rubygems_api_key: {rg}
""", [rg])
    gp, cp = g.gh_token(), g.password()
    add("home/dev/.composer/auth.json", "composer-auth", json.dumps({
        "github-oauth": {"github.com": gp},
        "http-basic": {"repo.packagist.com": {"username": "token", "password": cp}}}, indent=4) + "\n", [gp, cp])
    p1, p2 = g.password(), g.password()
    add("android/gradle.properties", "gradle-properties", f"""org.gradle.jvmargs=-Xmx2048m
ossrhUsername=acme
ossrhPassword={p1}
signing.keyId={g.chars("0123456789ABCDEF", 8)}
signing.password={p2}
""", [p1, p2])

    p1 = g.password()
    add("deploy/unattend.xml", "windows-unattend", f"""<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup">
      <UserAccounts>
        <AdministratorPassword>
          <Value>{p1}</Value>
          <PlainText>true</PlainText>
        </AdministratorPassword>
      </UserAccounts>
    </component>
  </settings>
</unattend>
""", [p1])

    p1, s1 = g.password(), g.alnum(32)
    add("joomla/configuration.php", "joomla-config", f"""<?php
class JConfig {{
	public $dbtype = 'mysqli';
	public $host = 'localhost';
	public $user = 'joomla';
	public $password = '{p1}';
	public $db = 'joomla';
	public $secret = '{s1}';
}}
""", [p1, s1])

    p1 = g.password()
    add("drupal/sites/default/settings.php", "drupal-settings", f"""<?php
$databases['default']['default'] = array (
  'database' => 'drupal',
  'username' => 'drupal',
  'password' => '{p1}',
  'host' => 'localhost',
  'driver' => 'mysql',
);
$settings['hash_salt'] = '{(hs := g.b64url(74))}';
""", [p1, hs])

    p1, p2 = g.password(), g.password()
    add("conf/server.xml", "xml-elements", f"""<config>
  <entry key="db.password">{p1}</entry>
  <ldap>
    <bindDn>cn=svc,dc=example,dc=org</bindDn>
    <bindPassword>{p2}</bindPassword>
  </ldap>
</config>
""", [p1, p2])

    # ---------------------------------------------------------------- more env / yaml / json shapes
    p1, k1, k2, p2 = g.password(), g.alnum(40), g.hex(64), g.password()
    add("api/.env", "dotenv-misc", f"""# production
export DATABASE_PASSWORD={p1}
JWT_SECRET="{k2}"   # rotate quarterly
SESSION_SECRET='{k1}'
REDIS_PASS={p2}
""", [p1, k2, k1, p2])

    ak, sk = g.aws_key_id(), g.aws_secret()
    cs, ck = g.chars(string.ascii_letters + string.digits + "~._-", 40), g.alnum(32)
    add("config/providers.yml", "nested-yaml-prefixless", f"""aws:
  access_key_id: {ak}
  secret_access_key: {sk}
azure:
  tenant_id: {__import__("uuid").UUID(int=r.getrandbits(128), version=4)}
  client_id: {__import__("uuid").UUID(int=r.getrandbits(128), version=4)}
  client_secret: {cs}
smtp:
  user: mailer
  pass: {(sp := g.password())}
oauth:
  google:
    client_id: {r.randint(10**11, 10**12)}-{g.chars(string.ascii_lowercase + string.digits, 32)}.apps.googleusercontent.com
    client_secret: GOCSPX-{g.b64url(28)}
  github:
    client_secret: {(gs := g.hex(40))}
""", [ak, sk, cs, sp, "GOCSPX-", gs])

    at, rt, cs = g.alnum(40), g.alnum(48), g.alnum(32)
    add("data/tokens.json", "json-tokens", json.dumps({
        "accessToken": at, "refreshToken": rt, "clientSecret": cs,
        "expiresIn": 3600, "tokenType": "Bearer"}, indent=2) + "\n", [at, rt, cs])

    # ---------------------------------------------------------------- SQL statements with passwords
    p = [g.password().replace("'", "") for _ in range(5)]
    add("db/migrations/002_roles.sql", "sql-statements", f"""CREATE ROLE app LOGIN PASSWORD '{p[0]}';
ALTER USER report WITH PASSWORD '{p[1]}';
GRANT ALL PRIVILEGES ON app.* TO 'app'@'%' IDENTIFIED BY '{p[2]}';
CREATE LOGIN etl WITH PASSWORD = '{p[3]}';
SET PASSWORD FOR 'legacy'@'localhost' = PASSWORD('{p[4]}');
""", p)

    # ---------------------------------------------------------------- more hashes
    argon = "$argon2id$v=19$m=65536,t=3,p=4$%s$%s" % (g.b64(16).rstrip("="), g.b64(32).rstrip("="))
    scram = "SCRAM-SHA-256$4096:%s$%s:%s" % (g.b64(16), g.b64(32), g.b64(32))
    werk = "pbkdf2:sha256:600000$%s$%s" % (g.alnum(16), g.hex(64))
    phpass = "$P$B" + g.chars(CRYPT, 30)
    pgmd5 = "md5" + g.hex(32)
    add("db/users_dump.sql", "sql-dump-hashes-2", f"""COPY public.accounts (id, email, password_hash) FROM stdin;
1	admin@example.org	{argon}
2	ops@example.org	{werk}
\\.
INSERT INTO wp_users (ID, user_login, user_pass) VALUES (1, 'admin', '{phpass}');
ALTER ROLE app ENCRYPTED PASSWORD '{scram}';
ALTER ROLE legacy ENCRYPTED PASSWORD '{pgmd5}';
""", [argon, werk, phpass, scram, pgmd5])
    nt = g.hex(32)
    add("loot/hashes.txt", "pwdump", f"""Administrator:500:aad3b435b51404eeaad3b435b51404ee:{nt}:::
svc_sql:1104:aad3b435b51404eeaad3b435b51404ee:{(nt2 := g.hex(32))}:::
""", [nt, nt2])

    # ---------------------------------------------------------------- more key containers
    k = real_key("rsa", tmp)
    if k:
        ind = "\n".join("    " + l for l in k.strip().splitlines())
        lines = k.strip().splitlines()
        add("deploy/tls-values.yaml", "private-key-yaml-block", f"""tls:
  enabled: true
  key: |
{ind}
""", [], [(lines[0], lines[-1])])
        esc = "\\n".join(lines)
        add("api/.env.keys", "private-key-env-escaped", f'JWT_PRIVATE_KEY="{esc}\\n"\n', [], [(lines[0], lines[0])])
        add("infra/tls.tf", "private-key-terraform-heredoc", f"""resource "tls_cert_request" "example" {{
  private_key_pem = <<EOT
{k.strip()}
EOT
}}
""", [], [(lines[0], lines[-1])])

    # ---------------------------------------------------------------- more negatives
    add("neg/scripts/deploy.sh", "neg-shell-script", """#!/bin/bash
DB_PASS="${DB_PASS:?missing}"
mysqldump -u backup -p"$DB_PASS" --all-databases
echo "$REGISTRY_TOKEN" | docker login --username ci --password-stdin ghcr.io
read -s -p "Password: " PASSWORD
openssl pkcs12 -export -passout env:P12_PASS -out cert.p12
""", negative=True)
    add("neg/src/client.ts", "neg-typescript", """export const client = axios.create({
  auth: { username: process.env.API_USER!, password: process.env.API_PASS! },
  headers: { Authorization: `Bearer ${token}` },
});
const password: string = await vault.read('secret/data/api');
""", negative=True)
    add("neg/etc/systemd/api.service", "neg-systemd", """[Service]
EnvironmentFile=/etc/api/env
Environment="DB_PASSWORD_FILE=/run/secrets/db"
""", negative=True)
    add("neg/db/migrations/001.sql", "neg-sql-statements", """ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMP;
UPDATE users SET password = NULL WHERE disabled;
CREATE ROLE readonly NOLOGIN;
""", negative=True)
    add("neg/config/providers.yml", "neg-nested-yaml", """aws:
  access_key_id: ${AWS_ACCESS_KEY_ID}
  secret_access_key: ${AWS_SECRET_ACCESS_KEY}
azure:
  client_secret: !secret azure_client_secret
smtp:
  pass: "{{ smtp_pass }}"
""", negative=True)
    add("neg/src/crypto/hash_test_vectors.go", "neg-hash-vectors", """package crypto

var sha256Vectors = map[string]string{
	"abc": "%s",
	"":    "%s",
}
""" % (hashlib.sha256(b"abc").hexdigest(), hashlib.sha256(b"").hexdigest()), negative=True)
    add("neg/web/yarn.lock", "neg-lockfile", """left-pad@^1.3.0:
  version "1.3.0"
  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#%s"
  integrity sha512-%s
""" % (g.hex(40), g.b64(64)), negative=True)
    add("neg/android/gradle.properties", "neg-gradle", """org.gradle.jvmargs=-Xmx2048m
ossrhPassword=
signing.password=${System.getenv('SIGNING_PASSWORD')}
""", negative=True)
    add("neg/deploy/values.yaml", "neg-private-key-ref", """tls:
  keyFile: /etc/tls/private.key
  key: ""
  existingSecret: tls-cert
""", negative=True)


def build_third(g, add):
    """Third batch: app bundles, cloud templates, client libraries' own configuration strings."""
    r = g.r
    k1, p1 = g.alnum(40), g.password()
    add("ios/App/Config.plist", "plist", f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>BackendURL</key>
	<string>https://api.northwind-apps.com</string>
	<key>BackendApiToken</key>
	<string>{k1}</string>
	<key>AdminPassword</key>
	<string>{p1}</string>
</dict>
</plist>
""", [k1, p1])
    p1 = g.password().replace("'", "")
    add("cfn/params-prod.json", "cloudformation-params", json.dumps([
        {"ParameterKey": "Environment", "ParameterValue": "prod"},
        {"ParameterKey": "DBMasterPassword", "ParameterValue": p1},
        {"ParameterKey": "InstanceType", "ParameterValue": "t3.large"}], indent=2) + "\n", [p1])
    p1 = g.alnum(44)
    add("Api/appsettings.Staging.json", "dotnet-redis-config", json.dumps({
        "ConnectionStrings": {"Redis": f"shop-cache.redis.cache.windows.net:6380,password={p1},ssl=True,abortConnect=False"}},
        indent=2) + "\n", [p1])
    s1, s2 = g.alnum(32), g.hex(64)
    add("server/auth.js", "jwt-signing-literal", f"""const jwt = require('jsonwebtoken');

function issue(user) {{
  return jwt.sign({{ sub: user.id }}, '{s1}', {{ expiresIn: '12h' }});
}}
""", [s1])
    add("api/auth.py", "jwt-signing-literal", f"""import jwt

def issue(user_id):
    return jwt.encode({{"sub": user_id}}, "{s2}", algorithm="HS256")
""", [s2])
    p1, p2 = g.password().replace("'", ""), g.alnum(18)
    add("db/init/01-users.sql", "sql-statements-2", f"""CREATE USER 'exporter'@'%' IDENTIFIED WITH mysql_native_password BY '{p1}';
GRANT PROCESS, REPLICATION CLIENT ON *.* TO 'exporter'@'%';
""", [p1])
    add("ops/bmc.sh", "shell-script-2", f"""#!/bin/sh
ipmitool -I lanplus -H 10.20.0.9 -U ADMIN -P {p2} chassis power status
""", [p2])
    p3 = g.alnum(16)
    add("deploy/redis.yml", "compose-command-array", f"""services:
  redis:
    image: redis:7
    command: ["redis-server", "--requirepass", "{p3}", "--appendonly", "yes"]
""", [p3])

    # negatives of the same shapes
    add("neg/ios/Info.plist", "neg-plist", """<plist version="1.0">
<dict>
	<key>API_KEY</key>
	<string>$(API_KEY)</string>
	<key>NSFaceIDUsageDescription</key>
	<string>Unlock your saved passwords with Face ID</string>
	<key>SUPublicEDKey</key>
	<string>%s=</string>
</dict>
</plist>
""" % g.b64(32).rstrip("="), negative=True)
    add("neg/server/auth.js", "neg-jwt", """const jwt = require('jsonwebtoken');
const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '12h' });
const claims = jwt.verify(token, config.get('jwt.secret'));
""", negative=True)
    add("neg/cfn/params.json", "neg-cloudformation", json.dumps([
        {"ParameterKey": "DBMasterPassword", "ParameterValue": "{{resolve:secretsmanager:prod/db:SecretString:password}}"},
        {"ParameterKey": "KeyName", "ParameterValue": "ops-2023"}], indent=2) + "\n", negative=True)


def build_fourth(g, add):
    """Fourth batch: API client exports, automation scripts, mail and log shipper configs."""
    p1, k1, t1 = g.password(), g.alnum(32), g.alnum(40)
    add("postman/prod.postman_environment.json", "postman-environment", json.dumps({
        "id": str(__import__("uuid").UUID(int=g.r.getrandbits(128), version=4)), "name": "prod",
        "values": [
            {"key": "baseUrl", "value": "https://api.northwind-apps.com", "enabled": True},
            {"key": "password", "value": p1, "enabled": True},
            {"key": "apiKey", "value": k1, "type": "secret", "enabled": True}]}, indent="\t") + "\n", [p1, k1])
    add("captures/login.har", "har-capture", json.dumps({"log": {"entries": [{"request": {
        "method": "GET", "url": "https://api.northwind-apps.com/v1/me",
        "headers": [{"name": "Accept", "value": "application/json"},
                    {"name": "Authorization", "value": "Bearer " + t1}]}}]}}, indent=2) + "\n", [t1])
    p2 = g.password().replace('"', "").replace("$", "").replace("[", "")
    add("scripts/switch-backup.exp", "expect-script", f"""#!/usr/bin/expect -f
set timeout 20
spawn ssh admin@10.20.0.2
expect "*assword:"
send "{p2}\\r"
expect "#"
send "copy running-config tftp://10.20.0.9/sw1.cfg\\r"
""", [p2])
    p3, p4 = g.password(), g.alnum(20)
    add("home/dev/.msmtprc", "msmtprc", f"""defaults
auth on
tls on
account work
host smtp.office365.com
port 587
from dev@fabrikam.org
user dev@fabrikam.org
password {p3}
""", [p3])
    add("fluentd/fluent.conf", "fluentd", f"""<match app.**>
  @type elasticsearch
  host es.internal
  port 9200
  user elastic
  password {p4}
</match>
""", [p4])
    p5, p6 = g.password().replace("'", ""), g.alnum(16)
    add("notes/pentest-commands.md", "admin-cli-notes", f"""# access
evil-winrm -i 10.10.4.20 -u svc_backup -p '{p5}'
oc login -u admin -p {p6} https://api.ocp.fabrikam.org:6443
""", [p5, p6])
    add("neg/postman/dev.postman_environment.json", "neg-postman", json.dumps({"name": "dev", "values": [
        {"key": "password", "value": "{{password}}", "enabled": True},
        {"key": "apiKey", "value": "", "type": "secret", "enabled": True}]}, indent="\t") + "\n", negative=True)
    add("neg/scripts/run.sh", "neg-cli-flags", """docker run -d -u 1000 -p 8080:80 nginx
mysql -u root -p app_production < schema.sql
oc login -u "$OC_USER" -p "$OC_PASSWORD" "$OC_SERVER"
""", negative=True)


def build_fifth(g, add):
    """Fifth batch: credentials as they sit in files people commit by accident: YAML block
    scalars, cluster and chart values, client credential stores (docker, npm, pip, Maven, Gradle,
    rclone, boto, WinSCP, FileZilla, CIFS, postfix), admin command lines (openssl, sshpass,
    mysqldump, PowerShell, net use), connection strings in XML/JSON, installer answer files,
    CSV exports, notebooks and shell histories."""
    r = g.r

    def plain():
        """A password safe in XML, CSV, unquoted shell words and URIs."""
        return g.url_password()

    def q(p):
        """A password without quotes or backslashes (to sit inside a quoted literal)."""
        return p.replace("'", "").replace('"', "").replace("\\", "").replace("`", "")

    # ---------------------------------------------------------------- YAML block scalars
    p1, p2, p3 = q(g.password()), g.alnum(24), q(g.password())
    add("config/app-prod.yml", "yaml-block-scalar", f"""database:
  host: {g.host()}
  user: orders
  password: |
    {p1}
smtp:
  host: smtp.fabrikam.org
  username: noreply
  password: >-
    {p2}
ldap:
  bind_dn: cn=svc-ldap,ou=svc,dc=fabrikam,dc=org
  bind_password: |-
    {p3}
""", [p1, p2, p3])

    # ---------------------------------------------------------------- Kubernetes / Helm
    p1, p2, p3 = q(g.password()), g.alnum(20), g.alnum(32)
    add("k8s/overlays/prod/app-config-secret.yaml", "k8s-stringdata-embedded", f"""apiVersion: v1
kind: Secret
metadata:
  name: orders-config
  namespace: prod
type: Opaque
stringData:
  config.yaml: |
    database:
      user: orders
      password: "{p1}"
    cache:
      url: redis://cache-01.prod:6379/0
  REDIS_PASSWORD: {p2}
  SESSION_SECRET: "{p3}"
""", [p1, p2, p3])

    p1, p2, p3, p4 = g.alnum(16), g.alnum(16), q(g.password()), g.alnum(20)
    add("charts/platform/values-prod.yaml", "helm-auth-maps", f"""postgresql:
  enabled: true
  auth:
    username: platform
    password: {p1}
    postgresPassword: {p2}
    database: platform
redis:
  architecture: standalone
  auth:
    enabled: true
    password: "{p3}"
mongodb:
  auth:
    rootUser: root
    rootPassword: {p4}
""", [p1, p2, p3, p4])

    # ---------------------------------------------------------------- client credential stores
    u1, pw1, pw2 = "ci-bot", plain(), plain()
    a_pad = base64.b64encode(f"{u1}:{pw1}".encode()).decode()
    a_raw = base64.b64encode(f"deploy:{pw2}".encode()).decode().rstrip("=")
    if a_raw == base64.b64encode(f"deploy:{pw2}".encode()).decode():
        pw2 += "x"
        a_raw = base64.b64encode(f"deploy:{pw2}".encode()).decode().rstrip("=")
    add("home/ci/.docker/config.json", "docker-config-auths", json.dumps({
        "auths": {
            "registry.fabrikam.org:5000": {"auth": a_pad},
            "harbor.contoso-hosting.net": {"auth": a_raw, "email": "ops@contoso-hosting.net"},
        },
        "HttpHeaders": {"User-Agent": "Docker-Client/24.0.7 (linux)"}}, indent="\t") + "\n", [a_pad, a_raw])

    pw1, pw2 = plain(), plain()
    auth = base64.b64encode(f"builder:{pw1}".encode()).decode()
    pass_b64 = base64.b64encode(pw2.encode()).decode()
    add("frontend/.npmrc", "npmrc-basic-auth", f"""registry=https://nexus.fabrikam.org/repository/npm-group/
_auth={auth}
always-auth=true
email=builds@fabrikam.org
//nexus.fabrikam.org/repository/npm-private/:username=publisher
//nexus.fabrikam.org/repository/npm-private/:_password={pass_b64}
""", [auth, pass_b64])

    pw1, pw2 = plain(), g.password().replace("%", "")
    add("home/dev/.config/pip/pip.conf", "pip-conf", f"""[global]
timeout = 60
index-url = https://pypi-proxy:{pw1}@nexus.fabrikam.org/repository/pypi-all/simple
trusted-host = nexus.fabrikam.org
""", [pw1])
    add("home/publisher/.pypirc", "pypirc-private", f"""[distutils]
index-servers =
    internal

[internal]
repository = https://nexus.fabrikam.org/repository/pypi-internal/
username = publisher
password = {pw2}
""", [pw2])

    pw1, pw2 = plain(), plain()
    add("ci/maven/settings.xml", "maven-settings-servers", f"""<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployment</username>
      <password>{pw1}</password>
    </server>
    <server>
      <id>deploy-host</id>
      <username>deploy</username>
      <privateKey>${{user.home}}/.ssh/id_ed25519</privateKey>
      <passphrase>{pw2}</passphrase>
    </server>
  </servers>
</settings>
""", [pw1, pw2])

    pw1, pw2, pw3 = plain(), plain(), plain()
    add("home/dev/.gradle/gradle.properties", "gradle-properties-2", f"""org.gradle.jvmargs=-Xmx2g -Dfile.encoding=UTF-8
systemProp.https.proxyHost=proxy.fabrikam.org
systemProp.https.proxyUser=svc-build
systemProp.https.proxyPassword={pw1}
ossrhUsername=fabrikam-release
ossrhPassword={pw2}
signing.keyId=5A3C91E0
signing.password={pw3}
""", [pw1, pw2, pw3])

    k1, s1 = g.aws_key_id(), g.aws_secret()
    obsc = base64.urlsafe_b64encode(bytes(r.getrandbits(8) for _ in range(16 + r.randint(10, 18)))).decode().rstrip("=")
    add("home/dev/.config/rclone/rclone.conf", "rclone-conf", f"""[s3-backup]
type = s3
provider = AWS
access_key_id = {k1}
secret_access_key = {s1}
region = eu-west-1

[nas]
type = sftp
host = 10.20.0.15
user = backup
pass = {obsc}
""", [k1, s1, obsc])

    k1, s1 = g.aws_key_id(), g.aws_secret()
    gk, gs = "GOOG1E" + g.chars(UPPER_ALNUM, 55), g.b64(30)
    add("home/dev/.boto", "boto-config", f"""[Credentials]
aws_access_key_id = {k1}
aws_secret_access_key = {s1}
gs_access_key_id = {gk}
gs_secret_access_key = {gs}

[Boto]
https_validate_certificates = True
""", [k1, s1, gk, gs])

    wp = "A35C" + g.chars("0123456789ABCDEF", 2 * r.randint(30, 46))
    add("home/dev/AppData/Roaming/WinSCP.ini", "winscp-ini", f"""[Configuration\\Interface]
RandomSeedFile=%APPDATA%\\winscp.rnd

[Sessions\\deploy@web01]
HostName=web01.fabrikam.org
UserName=deploy
Password={wp}
FSProtocol=2
""", [wp])

    pw1 = plain()
    fz = base64.b64encode(pw1.encode()).decode()
    add("home/dev/.config/filezilla/sitemanager.xml", "filezilla-sitemanager", f"""<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.4" platform="windows">
    <Servers>
        <Server>
            <Host>ftp.fabrikam.org</Host>
            <Port>21</Port>
            <Protocol>0</Protocol>
            <Type>0</Type>
            <User>webmaster</User>
            <Pass encoding="base64">{fz}</Pass>
            <Logontype>1</Logontype>
            <Name>prod web</Name>
        </Server>
    </Servers>
</FileZilla3>
""", [fz])

    pw1, pw2 = plain(), plain()
    add("home/dev/.smbcredentials", "cifs-credentials", f"""username=backup
password={pw1}
domain=FABRIKAM
""", [pw1])
    add("etc/fstab", "fstab-cifs", f"""UUID=3f6c1e2a-8a7d-4c55-9e0b-1d2f3a4b5c6d /     ext4 defaults 0 1
//nas.fabrikam.lan/media /mnt/media cifs username=media,password={pw2},uid=1000,iocharset=utf8 0 0
""", [pw2])

    pw1 = plain()
    add("etc/postfix/sasl_passwd", "postfix-sasl", f"""[smtp.office365.com]:587 relay@fabrikam.org:{pw1}
""", [pw1])

    # ---------------------------------------------------------------- admin command lines
    pw1, pw2, pw3 = plain(), q(g.password()), plain()
    add("scripts/encrypt-backup.sh", "openssl-pass", f"""#!/bin/bash
set -e
tar czf /tmp/db.tgz /var/backups/db
openssl enc -aes-256-cbc -salt -pbkdf2 -in /tmp/db.tgz -out /backups/db.tgz.enc -k {pw1}
openssl enc -d -aes-256-cbc -pbkdf2 -in /backups/last.enc -out /tmp/last.tgz -pass pass:'{pw2}'
openssl pkcs12 -export -in tls.crt -inkey tls.key -out tls.p12 -passout pass:{pw3}
""", [pw1, pw2, pw3])

    pw1, pw2 = q(g.password()), plain()
    add("Jenkinsfile", "sshpass-pipeline", f"""pipeline {{
  agent any
  stages {{
    stage('Deploy') {{
      steps {{
        sh "sshpass -p '{pw1}' rsync -az dist/ deploy@web01.fabrikam.org:/srv/www/"
        sh 'sshpass -p {pw2} ssh -o StrictHostKeyChecking=no deploy@web01.fabrikam.org systemctl restart web'
      }}
    }}
  }}
}}
""", [pw1, pw2])

    pw1, pw2 = plain(), q(g.password())
    add("etc/cron.d/db-backup", "crontab-mysqldump", f"""SHELL=/bin/bash
0 3 * * * root mysqldump -u root -p{pw1} --all-databases | gzip > /backups/all-$(date +\\%F).sql.gz
30 3 * * * root mysqldump --user=shop --password='{pw2}' shop > /backups/shop.sql
""", [pw1, pw2])

    pw1, pw2 = q(g.password()), q(g.password())
    add("scripts/Connect-Prod.ps1", "powershell-credential", f"""$user = "FABRIKAM\\svc_deploy"
$secpasswd = ConvertTo-SecureString "{pw1}" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ($user, $secpasswd)
Enter-PSSession -ComputerName app01 -Credential $cred
$sql = New-Object PSCredential("sa", (ConvertTo-SecureString '{pw2}' -AsPlainText -Force))
""", [pw1, pw2])

    pw1, pw2 = plain(), plain()
    add("scripts/map-drives.bat", "net-use", f"""@echo off
net use \\\\fs01.fabrikam.lan\\share /user:FABRIKAM\\backup {pw1}
net use Z: \\\\nas01\\media {pw2} /user:nas01\\admin /persistent:no
""", [pw1, pw2])

    # ---------------------------------------------------------------- connection strings
    pw1, pw2 = plain(), plain()
    add("Legacy/App.config", "odbc-adonet-xml", f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Reports" connectionString="Driver={{ODBC Driver 17 for SQL Server}};Server=sql01.fabrikam.lan;Database=Reports;Uid=report;Pwd={pw1};" providerName="System.Data.Odbc" />
    <add name="Ledger" connectionString="Data Source=ORCL01;User Id=ledger;Password={pw2};" providerName="Oracle.ManagedDataAccess.Client" />
  </connectionStrings>
</configuration>
""", [pw1, pw2])

    pw1, pw2 = q(g.password()).replace(";", ""), plain()
    add("Worker/appsettings.json", "adonet-json-quoted", json.dumps({
        "ConnectionStrings": {
            "Default": f"Server=sql02.fabrikam.lan;Database=Worker;User Id=worker;Password='{pw1}';TrustServerCertificate=True",
            "Pg": f"Host=pg01;Port=5432;Database=events;Username=events;Password={pw2}"}}, indent=2) + "\n", [pw1, pw2])

    pw1, pw2 = plain(), plain()
    add("src/main/resources/hibernate.cfg.xml", "hibernate-config", f"""<?xml version="1.0" encoding="utf-8"?>
<hibernate-configuration>
  <session-factory>
    <property name="hibernate.connection.driver_class">com.microsoft.sqlserver.jdbc.SQLServerDriver</property>
    <property name="hibernate.connection.url">jdbc:sqlserver://sql01.fabrikam.lan:1433;databaseName=crm;user=crm;password={pw1}</property>
    <property name="hibernate.connection.username">crm</property>
    <property name="hibernate.connection.password">{pw2}</property>
  </session-factory>
</hibernate-configuration>
""", [pw1, pw2])

    pw1 = plain()
    add("etc/odbc.ini", "odbc-ini", f"""[reporting]
Driver = PostgreSQL Unicode
Servername = pg01.fabrikam.lan
Port = 5432
Database = reporting
Username = report
Password = {pw1}
""", [pw1])

    # ---------------------------------------------------------------- env, CSV, tfvars, Ansible
    w = lambda: " ".join(r.choice(SYLL) + r.choice(SYLL) for _ in range(4))
    pw1, pw2 = w(), w() + " " + str(r.randint(10, 99))
    add("services/billing/.env", "dotenv-multiword", f"""APP_ENV=production
DB_HOST=pg01.fabrikam.lan
DB_PASSWORD="{pw1}"
BACKUP_PASSPHRASE='{pw2}'
LOG_LEVEL=info
""", [pw1, pw2])

    pw1, pw2, pw3 = plain(), plain(), plain()
    add("exports/users-2023-11.csv", "csv-password-column", f"""id,username,email,password,role,created_at
1,jdoe,jdoe@fabrikam.org,{pw1},admin,2023-11-02
2,mlee,mlee@fabrikam.org,{pw2},editor,2023-11-05
3,kpatel,kpatel@fabrikam.org,{pw3},viewer,2023-11-09
""", [pw1, pw2, pw3])
    pw1, pw2 = q(g.password()).replace(",", ""), q(g.password()).replace(",", "")
    add("home/dev/Downloads/Chrome Passwords.csv", "csv-browser-export", f"""name,url,username,password,note
vpn.fabrikam.org,https://vpn.fabrikam.org/login,jdoe,{pw1},
mail.fabrikam.org,https://mail.fabrikam.org/owa/,jdoe@fabrikam.org,{pw2},
""", [pw1, pw2])

    pw1, pw2, k1 = q(g.password()), q(g.password()), g.hex(32)
    add("infra/envs/prod/terraform.tfvars", "tfvars-objects", f"""region = "eu-west-1"
admin_credentials = {{
  username = "dbadmin"
  password = "{pw1}"
}}
grafana_admin_password = "{pw2}"
datadog_api_key        = "{k1}"
""", [pw1, pw2, k1])
    pw1 = q(g.password())
    add("infra/envs/prod/secrets.auto.tfvars.json", "tfvars-json", json.dumps({
        "db_master_password": pw1, "instance_class": "db.r6g.large"}, indent=2) + "\n", [pw1])

    pw1, pw2, pw3 = plain(), plain(), plain()
    add("ansible/inventories/prod/hosts.yml", "ansible-inventory-yaml", f"""all:
  children:
    windows:
      hosts:
        win01.fabrikam.lan:
      vars:
        ansible_user: Administrator
        ansible_password: {pw1}
        ansible_connection: winrm
    linux:
      hosts:
        web01:
          ansible_host: 10.20.0.11
          ansible_user: deploy
          ansible_become_pass: "{pw2}"
""", [pw1, pw2])
    add("ansible/hosts", "ansible-inventory-ini-2", f"""[legacy]
db01 ansible_host=10.20.0.21 ansible_user=root ansible_ssh_pass={pw3}
""", [pw3])

    # ---------------------------------------------------------------- notebooks, histories
    pw1, k1, t1 = q(g.password()), g.hex(32), g.alnum(40)
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [], "source": [
        "import requests\n",
        "conn = psycopg2.connect(host=\"pg01.fabrikam.lan\", user=\"analyst\",\n",
        f"                        password=\"{pw1}\", dbname=\"events\")\n",
        f"api_key = \"{k1}\"\n",
        f"headers = {{\"Authorization\": \"Token {t1}\"}}\n"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}
    add("notebooks/events-report.ipynb", "jupyter-2", json.dumps(nb, indent=1) + "\n", [pw1, k1, t1])

    pw1, pw2, pw3, pw4 = plain(), plain(), plain(), plain()
    add("home/dev/.zsh_history", "zsh-history", f""": 1701234501:0;cd ~/src/platform
: 1701234522:0;redis-cli -h cache-01.prod -a {pw1} info
: 1701234580:0;git clone https://deploy:{pw2}@git.fabrikam.org/platform/infra.git
: 1701234611:0;echo '{pw3}' | docker login -u ci --password-stdin harbor.fabrikam.org
: 1701234650:0;mysql -h db01 -u admin --password={pw4} shop
: 1701234700:0;ls -la
""", [pw1, pw2, pw3, pw4])

    # ---------------------------------------------------------------- Java / Spring / PHP / HOCON
    pw1, pw2, pw3 = plain(), plain(), plain()
    add("app/src/main/resources/config.properties", "java-properties-forms", f"""db.url=jdbc:postgresql://pg01.fabrikam.lan/app
db.password=\\
    {pw1}
mail.smtp.password : {pw2}
keystore.password   {pw3}
""", [pw1, pw2, pw3])

    pw1, pw2, s1 = plain(), plain(), g.alnum(40)
    add("api/src/main/resources/application.yml", "spring-yaml-nested", f"""spring:
  profiles: prod
  datasource:
    url: jdbc:mysql://db01.fabrikam.lan:3306/api
    username: api
    password: ${{DB_PASSWORD:{pw1}}}
    hikari:
      maximum-pool-size: 20
  data:
    redis:
      host: cache-01.prod
      password: {pw2}
  security:
    oauth2:
      client:
        registration:
          keycloak:
            client-id: api
            client-secret: {s1}
""", [pw1, pw2, s1])

    pw1, pw2, pw3 = q(g.password()), q(g.password()), q(g.password())
    add("application/config/database.php", "php-arrays-2", f"""<?php
defined('BASEPATH') OR exit('No direct script access allowed');
$db['default'] = array(
	'hostname' => 'db01.fabrikam.lan',
	'username' => 'shop',
	'password' => '{pw1}',
	'database' => 'shop',
);
$config['smtp_pass'] = '{pw2}';
$cfg['Servers'][$i]['password'] = "{pw3}";
""", [pw1, pw2, pw3])

    pw1, s1 = q(g.password()), g.alnum(48)
    add("play-app/conf/application.conf", "hocon-config", f"""play.http.secret.key = "{s1}"
db.default.driver = org.postgresql.Driver
db.default.url = "jdbc:postgresql://pg01.fabrikam.lan/play"
db.default.username = play
db.default.password = "{pw1}"
""", [s1, pw1])

    # ---------------------------------------------------------------- server and installer configs
    pw1, pw2 = plain(), plain()
    add("tomcat/conf/tomcat-users.xml", "tomcat-users", f"""<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-gui"/>
  <user username="admin" password="{pw1}" roles="manager-gui,admin-gui"/>
  <user username="deployer" password="{pw2}" roles="manager-script"/>
</tomcat-users>
""", [pw1, pw2])

    pw1, pw2 = plain(), plain()
    add("etc/redis/redis.conf", "redis-conf", f"""bind 0.0.0.0
port 6379
requirepass {pw1}
masterauth {pw2}
""", [pw1, pw2])

    pw1, pw2 = plain(), plain()
    add("etc/nslcd.conf", "ldap-client-conf", f"""uri ldap://ldap.fabrikam.lan/
base dc=fabrikam,dc=lan
binddn cn=nslcd,ou=svc,dc=fabrikam,dc=lan
bindpw {pw1}
""", [pw1])
    add("etc/sssd/sssd.conf", "ldap-client-conf", f"""[domain/fabrikam.lan]
id_provider = ldap
ldap_default_bind_dn = cn=sssd,ou=svc,dc=fabrikam,dc=lan
ldap_default_authtok_type = password
ldap_default_authtok = {pw2}
""", [pw2])

    pw1, pw2 = plain(), plain()
    add("etc/grafana/grafana.ini", "grafana-ini", f"""[database]
type = mysql
host = db01:3306
user = grafana
password = {pw1}

[security]
admin_user = admin
admin_password = {pw2}
""", [pw1, pw2])

    pw1, pw2, pw3 = plain(), plain(), plain()
    add("install/preseed.cfg", "installer-answers", f"""d-i passwd/root-login boolean true
d-i passwd/root-password password {pw1}
d-i passwd/root-password-again password {pw1}
d-i passwd/user-fullname string Ops
d-i passwd/username string ops
d-i passwd/user-password password {pw2}
d-i passwd/user-password-again password {pw2}
""", [pw1, pw2])
    add("install/ks.cfg", "installer-answers", f"""lang en_US.UTF-8
keyboard us
rootpw --plaintext {pw3}
timezone Europe/Berlin --utc
""", [pw3])

    pw1, pw2 = plain(), plain()
    add("cloud-init/user-data.yaml", "cloud-init", f"""#cloud-config
ssh_pwauth: true
chpasswd:
  expire: false
  list: |
    root:{pw1}
    ubuntu:{pw2}
""", [pw1, pw2])

    pw1, pw2 = plain(), plain()
    add("packer/windows.pkr.hcl", "packer-vagrant", f"""source "vsphere-iso" "win2022" {{
  communicator   = "winrm"
  winrm_username = "Administrator"
  winrm_password = "{pw1}"
}}
""", [pw1])
    add("Vagrantfile", "packer-vagrant", f"""Vagrant.configure("2") do |config|
  config.vm.box = "generic/ubuntu2204"
  config.ssh.username = "ops"
  config.ssh.password = "{pw2}"
end
""", [pw2])

    pw1 = plain()
    add("etc/ppp/chap-secrets", "chap-secrets", f"""# Secrets for authentication using CHAP
# client        server  secret                  IP addresses
vpnuser         *       {pw1}          *
""", [pw1])

    # ---------------------------------------------------------------- negatives of these shapes
    add("neg/config/app.yml", "neg-block-scalar", """database:
  password: |
    {{ .Values.database.password }}
smtp:
  password: >-
    ${SMTP_PASSWORD}
ldap:
  bind_password: ""
""", negative=True)
    add("neg/charts/platform/values.yaml", "neg-helm-auth", """postgresql:
  auth:
    username: platform
    password: ""
    existingSecret: platform-db
redis:
  auth:
    enabled: true
    existingSecret: redis-auth
    existingSecretPasswordKey: redis-password
""", negative=True)
    add("neg/k8s/secret-stringdata.yaml", "neg-k8s-stringdata", """apiVersion: v1
kind: Secret
metadata:
  name: orders-config
stringData:
  REDIS_PASSWORD: ${REDIS_PASSWORD}
  config.yaml: |
    database:
      password: "{{ db_password }}"
""", negative=True)
    add("neg/home/.docker/config.json", "neg-docker-config", json.dumps({
        "auths": {"https://index.docker.io/v1/": {}, "ghcr.io": {}},
        "credsStore": "desktop", "currentContext": "default"}, indent="\t") + "\n", negative=True)
    add("neg/frontend/.npmrc", "neg-npmrc-2", """registry=https://nexus.fabrikam.org/repository/npm-group/
_auth=${NPM_AUTH}
//nexus.fabrikam.org/repository/npm-private/:_password=${NPM_PASSWORD_B64}
always-auth=true
""", negative=True)
    add("neg/ci/maven/settings.xml", "neg-maven", """<settings>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>${env.NEXUS_USER}</username>
      <password>${env.NEXUS_PASSWORD}</password>
    </server>
  </servers>
</settings>
""", negative=True)
    add("neg/scripts/encrypt-backup.sh", "neg-admin-cli", """openssl enc -aes-256-cbc -pbkdf2 -in db.tgz -out db.tgz.enc -pass env:BACKUP_PASS
openssl enc -d -aes-256-cbc -pbkdf2 -in db.tgz.enc -out db.tgz -pass file:/etc/backup.key
sshpass -e ssh deploy@web01 uptime
sshpass -f /root/.sshpass rsync -az dist/ deploy@web01:/srv/www/
mysqldump -u root -p --all-databases > all.sql
mysqldump --user=shop --password="$MYSQL_PWD" shop > shop.sql
""", negative=True)
    add("neg/scripts/Connect.ps1", "neg-powershell", """$cred = Get-Credential -UserName "FABRIKAM\\svc_deploy" -Message "Deploy account"
$secpasswd = Read-Host -AsSecureString "Password"
$sql = New-Object PSCredential("sa", (ConvertTo-SecureString $env:SA_PASSWORD -AsPlainText -Force))
""", negative=True)
    add("neg/scripts/map-drives.bat", "neg-net-use", """net use \\\\fs01\\share /user:FABRIKAM\\%USERNAME% *
net use Z: \\\\nas01\\media /persistent:yes
net use \\\\fs01\\share %SHARE_PASSWORD% /user:FABRIKAM\\backup
""", negative=True)
    add("neg/Legacy/App.config", "neg-connection-strings", """<configuration>
  <connectionStrings>
    <add name="Reports" connectionString="Driver={ODBC Driver 17 for SQL Server};Server=sql01;Database=Reports;Trusted_Connection=yes;" />
    <add name="Ledger" connectionString="Data Source=ORCL01;User Id=ledger;Password=$(LEDGER_PASSWORD);" />
    <add name="Local" connectionString="Server=(localdb)\\MSSQLLocalDB;Integrated Security=SSPI;Password=;" />
  </connectionStrings>
</configuration>
""", negative=True)
    add("neg/exports/users-template.csv", "neg-csv", """id,username,email,password,role
1,jdoe,jdoe@example.com,********,admin
2,mlee,mlee@example.com,<set on first login>,editor
""", negative=True)
    add("neg/ansible/inventories/hosts.yml", "neg-ansible-inventory", """all:
  vars:
    ansible_password: "{{ vault_windows_password }}"
    ansible_become_pass: "{{ lookup('env', 'BECOME_PASS') }}"
""", negative=True)
    add("neg/api/application.yml", "neg-spring-nested", """spring:
  datasource:
    password: ${DB_PASSWORD}
  data:
    redis:
      password: ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)
""", negative=True)
    add("neg/tomcat/tomcat-users.xml", "neg-tomcat-users", """<tomcat-users>
  <!--
  <user username="admin" password="<must-be-changed>" roles="manager-gui"/>
  -->
</tomcat-users>
""", negative=True)
    add("neg/install/preseed.cfg", "neg-installer", """d-i passwd/root-login boolean false
d-i passwd/user-password password
d-i passwd/user-password-again password
d-i netcfg/get_hostname string unassigned-hostname
""", negative=True)
    add("neg/notebooks/load.ipynb", "neg-jupyter-2", json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": [
        "import getpass, os\n", "password = getpass.getpass(\"Password: \")\n",
        "api_key = os.environ[\"EVENTS_API_KEY\"]\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n", negative=True)


CISCO_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def cisco7(r, pw):
    """Cisco 'password 7' (reversible Vigenere) encoding of pw."""
    s = r.randrange(16)
    return "%02d" % s + "".join("%02X" % (ord(c) ^ ord(CISCO_XLAT[(s + i) % len(CISCO_XLAT)]))
                                for i, c in enumerate(pw))


def build_sixth(g, add):
    """Sixth batch, written blind from the formats: data-platform client configs (Hadoop, Hive,
    Kafka, Airflow, dbt, Databricks, Snowflake), monitoring and log shippers (Prometheus,
    Alertmanager, Grafana provisioning, Logstash, Filebeat, Fluent Bit, Kibana), brokers and
    databases (RabbitMQ, MongoDB init scripts), CI services (CircleCI, Travis, Azure Pipelines,
    Bitbucket, Drone), Jenkins init scripts and CasC, config management (Ansible vault password
    file, Salt pillars, Chef data bags, Puppet hiera), editor and API-client files (VS Code,
    REST client, JetBrains HTTP client, Insomnia), mobile apps (Android, iOS, React Native,
    Firebase), mail/IRC clients, rsync, supervisord, Nagios/Icinga/Zabbix, SNMP, Cisco/Juniper
    configs, build and deploy command lines, logs and notebook outputs, and code literals in
    Kotlin, Scala, Elixir and Dart."""
    r = g.r

    def plain():
        return g.url_password()

    def q(p):
        return p.replace("'", "").replace('"', "").replace("\\", "").replace("`", "")

    def pw():
        return q(g.password())

    def google_key():
        return "AIza" + g.chars(B62 + "-_", 35)

    def slack_hook():
        return "https://hooks.slack.com/services/T%s/B%s/%s" % (
            g.chars(UPPER_ALNUM, 8), g.chars(UPPER_ALNUM, 10), g.alnum(24))

    # ---------------------------------------------------------------- Hadoop / Hive
    ak, sk = g.aws_key_id(), g.aws_secret()
    add("hadoop/etc/hadoop/core-site.xml", "hadoop-core-site", f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<configuration>
  <property>
    <name>fs.defaultFS</name>
    <value>hdfs://namenode.datalake.internal:8020</value>
  </property>
  <property>
    <name>fs.s3a.endpoint</name>
    <value>s3.eu-central-1.amazonaws.com</value>
  </property>
  <property>
    <name>fs.s3a.access.key</name>
    <value>{ak}</value>
  </property>
  <property>
    <name>fs.s3a.secret.key</name>
    <value>{sk}</value>
  </property>
  <property>
    <name>fs.s3a.path.style.access</name>
    <value>true</value>
  </property>
</configuration>
""", [ak, sk])

    p1 = plain()
    add("hive/conf/hive-site.xml", "hive-site", f"""<configuration>
  <property>
    <name>javax.jdo.option.ConnectionURL</name>
    <value>jdbc:mysql://metastore-db.datalake.internal:3306/metastore?createDatabaseIfNotExist=true</value>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionDriverName</name>
    <value>com.mysql.cj.jdbc.Driver</value>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionUserName</name>
    <value>hive</value>
  </property>
  <property>
    <name>javax.jdo.option.ConnectionPassword</name>
    <value>{p1}</value>
    <description>password to use against metastore database</description>
  </property>
</configuration>
""", [p1])

    # ---------------------------------------------------------------- Kafka
    ck, cs = g.chars(UPPER_ALNUM, 16), g.chars(B62 + "+/", 64)
    add("kafka/client.properties", "kafka-client-properties", f"""# Required connection configs for Kafka producer, consumer, and admin
bootstrap.servers=pkc-4r297.europe-west1.gcp.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanisms=PLAIN
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='{ck}' password='{cs}';
session.timeout.ms=45000
client.dns.lookup=use_all_dns_ips
""", [cs])

    p1, p2, p3 = plain(), plain(), plain()
    add("kafka/config/kafka_server_jaas.conf", "kafka-jaas", f"""KafkaServer {{
   org.apache.kafka.common.security.plain.PlainLoginModule required
   username="admin"
   password="{p1}"
   user_admin="{p1}"
   user_orders="{p2}";
}};

Client {{
   org.apache.zookeeper.server.auth.DigestLoginModule required
   username="kafka"
   password="{p3}";
}};
""", [p1, p2, p3])

    p1 = plain()
    add("services/events/src/main/resources/application.yml", "kafka-spring-jaas", f"""spring:
  kafka:
    bootstrap-servers: kafka-0.kafka.prod.svc:9093
    properties:
      security.protocol: SASL_SSL
      sasl.mechanism: SCRAM-SHA-512
      sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="events-svc" password="{p1}";
    consumer:
      group-id: events
""", [p1])

    # ---------------------------------------------------------------- Airflow
    p1 = plain()
    fernet = base64.urlsafe_b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode()
    wsk = g.hex(32)
    add("airflow/airflow.cfg", "airflow-cfg", f"""[core]
dags_folder = /opt/airflow/dags
executor = CeleryExecutor
fernet_key = {fernet}
load_examples = False

[database]
sql_alchemy_conn = postgresql+psycopg2://airflow:{p1}@airflow-db.prod.internal:5432/airflow

[celery]
broker_url = redis://:{p1}@airflow-redis:6379/0

[webserver]
base_url = https://airflow.northwind-apps.com
secret_key = {wsk}
""", [fernet, p1, wsk])

    p1, p2 = plain(), plain()
    tok = g.alnum(40)
    add("airflow/.env", "airflow-conn-env", f"""AIRFLOW_UID=50000
AIRFLOW_CONN_WAREHOUSE_POSTGRES=postgres://etl:{p1}@warehouse.northwind-apps.com:5432/analytics
AIRFLOW_CONN_SFTP_PARTNER='sftp://partner_upload:{p2}@sftp.partner-logistics.de:22'
AIRFLOW_CONN_HTTP_CRM=http://:{tok}@crm-api.northwind-apps.com/https
AIRFLOW__CORE__LOAD_EXAMPLES=False
""", [p1, p2, tok])

    # ---------------------------------------------------------------- dbt / Databricks / Snowflake
    p1, p2 = pw(), plain()
    add("analytics/profiles.yml", "dbt-profiles", f"""analytics:
  target: prod
  outputs:
    prod:
      type: snowflake
      account: xy12345.eu-central-1
      user: DBT_PROD
      password: "{p1}"
      role: TRANSFORMER
      warehouse: TRANSFORMING
      database: ANALYTICS
      schema: dbt_prod
      threads: 8
    pg:
      type: postgres
      host: warehouse.northwind-apps.com
      user: dbt
      pass: {p2}
      port: 5432
      dbname: analytics
      schema: staging
""", [p1, p2])

    t1, t2 = "dapi" + g.hex(32), "dapi" + g.hex(32) + "-2"
    add("home/analyst/.databrickscfg", "databrickscfg", f"""[DEFAULT]
host  = https://adb-4418265301926385.5.azuredatabricks.net
token = {t1}

[staging]
host = https://dbc-7f31c0b2-9d4e.cloud.databricks.com
token = {t2}
jobs-api-version = 2.1
""", [t1, t2])

    p1, p2 = pw(), pw()
    add("home/analyst/.snowflake/connections.toml", "snowflake-connections", f"""[default]
account = "xy12345.eu-central-1"
user = "ANALYST_SVC"
password = "{p1}"
warehouse = "REPORTING_WH"
database = "ANALYTICS"
role = "REPORTER"
""", [p1])
    add("home/analyst/.snowsql/config", "snowsql-config", f"""[connections]
accountname = xy12345.eu-central-1
username = etl_loader

[connections.prod]
accountname = xy12345.eu-central-1
username = etl_loader
password = {p2}
dbname = RAW
warehousename = LOAD_WH
rolename = LOADER

[options]
log_level = INFO
""", [p2])

    # ---------------------------------------------------------------- Prometheus / Alertmanager
    p1, bt = plain(), g.b64url(48)
    glc_payload = json.dumps({"o": str(r.randint(100000, 999999)), "n": "stack-%d-metrics-write" % r.randint(100000, 999999),
                              "k": g.alnum(24), "m": {"r": "prod-eu-west-2"}}, separators=(",", ":"))
    glc = "glc_" + base64.b64encode(glc_payload.encode()).decode()
    add("monitoring/prometheus/prometheus.yml", "prometheus-config", f"""global:
  scrape_interval: 30s
  external_labels:
    cluster: prod-eu

scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['10.20.1.11:9100', '10.20.1.12:9100']
  - job_name: rabbitmq
    metrics_path: /metrics
    basic_auth:
      username: prometheus
      password: {p1}
    static_configs:
      - targets: ['mq-01.prod:15692']
  - job_name: edge-api
    scheme: https
    bearer_token: {bt}
    static_configs:
      - targets: ['api.northwind-apps.com']

remote_write:
  - url: https://prometheus-prod-24-prod-eu-west-2.grafana.net/api/prom/push
    basic_auth:
      username: {r.randint(1000000, 1999999)}
      password: {glc}
""", [p1, bt, glc])

    hook, p1, rk, og = slack_hook(), plain(), g.hex(32), "%s-%s-%s-%s-%s" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12))
    tg = "%d:AA%s" % (r.randint(10**9, 7 * 10**9), g.b64url(33))
    add("monitoring/alertmanager/alertmanager.yml", "alertmanager-config", f"""global:
  resolve_timeout: 5m
  slack_api_url: '{hook}'
  smtp_smarthost: 'smtp.office365.com:587'
  smtp_from: 'alerts@northwind-apps.com'
  smtp_auth_username: 'alerts@northwind-apps.com'
  smtp_auth_password: '{p1}'

route:
  receiver: slack-ops
  routes:
    - matchers: [severity="critical"]
      receiver: pagerduty

receivers:
  - name: slack-ops
    slack_configs:
      - channel: '#ops-alerts'
        send_resolved: true
  - name: pagerduty
    pagerduty_configs:
      - routing_key: {rk}
    opsgenie_configs:
      - api_key: {og}
  - name: telegram
    telegram_configs:
      - bot_token: '{tg}'
        chat_id: -1001234567890
""", [hook, p1, rk, og, tg])

    p1, p2, ht = pw(), plain(), g.alnum(32)
    add("grafana/provisioning/datasources/datasources.yaml", "grafana-datasource-provisioning", f"""apiVersion: 1

datasources:
  - name: Postgres
    type: postgres
    url: pg-main.prod.internal:5432
    user: grafana_ro
    jsonData:
      database: metrics
      sslmode: require
    secureJsonData:
      password: '{p1}'
  - name: Loki
    type: loki
    access: proxy
    url: https://logs-prod-eu-west-0.grafana.net
    basicAuth: true
    basicAuthUser: 314159
    secureJsonData:
      basicAuthPassword: {p2}
  - name: Tempo
    type: tempo
    url: https://tempo.northwind-apps.com
    jsonData:
      httpHeaderName1: 'Authorization'
    secureJsonData:
      httpHeaderValue1: 'Bearer {ht}'
""", [p1, p2, ht])

    # ---------------------------------------------------------------- log shippers / Elastic
    p1, p2 = pw(), plain()
    add("logstash/pipeline/output.conf", "logstash-output", f"""input {{
  beats {{
    port => 5044
  }}
}}

output {{
  elasticsearch {{
    hosts => ["https://es01.logging.internal:9200", "https://es02.logging.internal:9200"]
    index => "app-%{{+YYYY.MM.dd}}"
    user => "logstash_writer"
    password => "{p1}"
    ssl_certificate_authorities => "/etc/logstash/certs/ca.crt"
  }}
  rabbitmq {{
    host => "mq-01.prod"
    exchange => "audit"
    exchange_type => "fanout"
    user => "logstash"
    password => "{p2}"
  }}
}}
""", [p1, p2])

    p1, p2 = pw(), plain()
    add("filebeat/filebeat.yml", "filebeat-output", f"""filebeat.inputs:
  - type: filestream
    id: nginx-access
    paths:
      - /var/log/nginx/access.log

cloud.id: "prod-logs:ZXUtd2VzdC0xLmF3cy5mb3VuZC5pbyRhYmMxMjMkZGVmNDU2"
cloud.auth: "elastic:{p2}"

output.elasticsearch:
  hosts: ["https://es01.logging.internal:9200"]
  username: "filebeat_internal"
  password: "{p1}"
""", [p1, p2])

    p1 = plain()
    add("fluent-bit/fluent-bit.conf", "fluent-bit-output", f"""[SERVICE]
    Flush        5
    Log_Level    info

[INPUT]
    Name         tail
    Path         /var/log/containers/*.log

[OUTPUT]
    Name            es
    Match           kube.*
    Host            es01.logging.internal
    Port            9200
    HTTP_User       fluentbit
    HTTP_Passwd     {p1}
    tls             On
    Suppress_Type_Name On
""", [p1])

    p1, ek = pw(), g.alnum(32)
    add("kibana/config/kibana.yml", "kibana-yml", f"""server.host: "0.0.0.0"
server.publicBaseUrl: "https://kibana.northwind-apps.com"
elasticsearch.hosts: ["https://es01.logging.internal:9200"]
elasticsearch.username: "kibana_system"
elasticsearch.password: "{p1}"
xpack.encryptedSavedObjects.encryptionKey: "{ek}"
xpack.reporting.roles.enabled: false
""", [p1, ek])

    # ---------------------------------------------------------------- RabbitMQ / MongoDB
    p1 = plain()
    add("rabbitmq/rabbitmq.conf", "rabbitmq-conf", f"""listeners.tcp.default = 5672
management.tcp.port = 15672
default_vhost = /
default_user = orders_admin
default_pass = {p1}
loopback_users.guest = false
""", [p1])

    h1 = base64.b64encode(bytes(r.getrandbits(8) for _ in range(36))).decode()
    h2 = base64.b64encode(bytes(r.getrandbits(8) for _ in range(36))).decode()
    add("rabbitmq/definitions.json", "rabbitmq-definitions", json.dumps({
        "rabbit_version": "3.12.10",
        "users": [
            {"name": "admin", "password_hash": h1, "hashing_algorithm": "rabbit_password_hashing_sha256",
             "tags": ["administrator"], "limits": {}},
            {"name": "orders", "password_hash": h2, "hashing_algorithm": "rabbit_password_hashing_sha256",
             "tags": [], "limits": {}}],
        "vhosts": [{"name": "/"}],
        "permissions": [{"user": "orders", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}]},
        indent=2) + "\n", [h1, h2])

    p1, p2 = pw(), pw()
    add("docker/mongo/init-mongo.js", "mongo-init-script", f"""db = db.getSiblingDB('orders');

db.createUser({{
  user: 'orders_app',
  pwd: '{p1}',
  roles: [{{ role: 'readWrite', db: 'orders' }}],
}});

db.getSiblingDB('admin').createUser({{ user: "backup", pwd: "{p2}", roles: ["backup", "clusterMonitor"] }});
""", [p1, p2])

    p1 = plain()
    add("scripts/mongo-maintenance.js", "mongosh-auth", f"""// run: mongosh --quiet mongo-01.prod:27017/admin scripts/mongo-maintenance.js
db.auth("ops", "{p1}");
db.getSiblingDB("orders").runCommand({{ compact: "events" }});
""", [p1])

    # ---------------------------------------------------------------- CI services
    ak, sk, nt, dh = g.aws_key_id(), g.aws_secret(), g.gh_token("npm_"), plain()
    add(".circleci/config.yml", "circleci-config", f"""version: 2.1

jobs:
  deploy:
    docker:
      - image: cimg/node:20.10
        auth:
          username: northwindci
          password: {dh}
    environment:
      AWS_ACCESS_KEY_ID: {ak}
      AWS_SECRET_ACCESS_KEY: {sk}
      AWS_DEFAULT_REGION: eu-central-1
    steps:
      - checkout
      - run: echo "//registry.npmjs.org/:_authToken={nt}" > ~/.npmrc
      - run: npm publish
""", [ak, sk, nt, dh])

    sq, gp = "squ_" + g.hex(40), g.gh_token("ghp_")
    add(".travis.yml", "travis-config", f"""language: python
python:
  - "3.11"
env:
  global:
    - SONAR_TOKEN={sq}
    - secure: "{g.b64(256)}"
  jobs:
    - DJANGO=4.2
script:
  - pytest
  - sonar-scanner -Dsonar.login=$SONAR_TOKEN
deploy:
  provider: pages
  skip_cleanup: true
  github_token: {gp}
  on:
    branch: main
""", [sq, gp])

    cs = g.chars(B62, 3) + str(r.randint(0, 9)) + "Q~" + g.chars(B62 + "_.~-", 34)
    p1 = plain()
    add("azure-pipelines.yml", "azure-pipelines", f"""trigger:
  - main

pool:
  vmImage: ubuntu-latest

variables:
  - name: ARM_CLIENT_ID
    value: 3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b
  - name: ARM_CLIENT_SECRET
    value: '{cs}'
  - name: ARM_TENANT_ID
    value: 9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b

steps:
  - script: |
      docker login northwindacr.azurecr.io -u northwindacr -p {p1}
      docker push northwindacr.azurecr.io/orders:$(Build.BuildId)
    displayName: push image
""", [cs, p1])

    p1, dp = plain(), "dckr_pat_" + g.b64url(27)
    add("bitbucket-pipelines.yml", "bitbucket-pipelines", f"""image: atlassian/default-image:4

pipelines:
  branches:
    main:
      - step:
          name: Build and push
          services:
            - docker
          script:
            - echo "{dp}" | docker login -u northwindbuild --password-stdin
            - docker build -t northwindbuild/web:$BITBUCKET_COMMIT .
            - docker push northwindbuild/web:$BITBUCKET_COMMIT
      - step:
          name: Deploy
          script:
            - pipe: atlassian/sftp-deploy:0.5.11
              variables:
                USER: deploy
                SERVER: web01.northwind-apps.com
                REMOTE_PATH: /var/www/html
                PASSWORD: '{p1}'
""", [dp, p1])

    p1, st, hook = plain(), g.alnum(40), slack_hook()
    add(".drone.yml", "drone-config", f"""kind: pipeline
type: docker
name: default

steps:
  - name: publish
    image: plugins/docker
    settings:
      registry: registry.northwind-apps.com
      repo: registry.northwind-apps.com/web
      username: drone
      password: {p1}
  - name: notify
    image: plugins/slack
    settings:
      webhook: {hook}
  - name: scan
    image: sonarsource/sonar-scanner-cli
    environment:
      SONAR_TOKEN: {st}
""", [p1, st, hook])

    # ---------------------------------------------------------------- Jenkins
    p1, t1 = plain(), g.alnum(36)
    add("jenkins/init.groovy.d/credentials.groovy", "jenkins-init-groovy", f"""import jenkins.model.Jenkins
import com.cloudbees.plugins.credentials.*
import com.cloudbees.plugins.credentials.domains.Domain
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl
import hudson.util.Secret

def store = Jenkins.instance.getExtensionList('com.cloudbees.plugins.credentials.SystemCredentialsProvider')[0].getStore()

def nexus = new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "nexus-deploy", "Nexus deployment user", "deployment", "{p1}")
store.addCredentials(Domain.global(), nexus)

def sonar = new StringCredentialsImpl(CredentialsScope.GLOBAL, "sonar-token", "SonarQube token", Secret.fromString("{t1}"))
store.addCredentials(Domain.global(), sonar)
""", [p1, t1])

    p1, p2 = pw(), plain()
    add("jenkins/casc/jenkins.yaml", "jenkins-casc", f"""jenkins:
  systemMessage: "Jenkins configured automatically by JCasC"
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: admin
          password: "{p1}"
credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: gitlab-ci
              username: ci-bot
              password: {p2}
""", [p1, p2])

    # ---------------------------------------------------------------- config management
    vp = plain()
    add("ansible/.vault_pass", "ansible-vault-password-file", vp + "\n", [vp])

    p1, p2 = pw(), plain()
    add("salt/pillar/postgres.sls", "salt-pillar", f"""postgres:
  pkg: postgresql-15
  users:
    app:
      ensure: present
      password: '{p1}'
      createdb: False
  replication:
    user: replicator
    password: {p2}
""", [p1, p2])

    ak, sk, h1 = g.aws_key_id(), g.aws_secret(), g.sha512crypt()
    add("chef/data_bags/aws/backup.json", "chef-data-bag", json.dumps({
        "id": "backup", "aws_access_key_id": ak, "aws_secret_access_key": sk, "bucket": "nw-db-backups"}, indent=2) + "\n", [ak, sk])
    add("chef/data_bags/users/deploy.json", "chef-data-bag", json.dumps({
        "id": "deploy", "uid": 2001, "shell": "/bin/bash", "password": h1,
        "ssh_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + g.b64(24)[:43] + " deploy@laptop"]}, indent=2) + "\n", [h1])

    p1, p2 = pw(), plain()
    add("puppet/data/nodes/db01.northwind-apps.com.yaml", "puppet-hiera", f"""---
classes:
  - profile::mysql
mysql::server::root_password: '{p1}'
profile::mysql::backup_password: {p2}
profile::mysql::replication_password: >
  ENC[PKCS7,MIIBeQYJKoZIhvcNAQcDoIIBajCCAWYCAQAxggEhMIIBHQIBADAFMAACAQEw]
""", [p1, p2])

    # ---------------------------------------------------------------- editors / API clients
    p1, p2 = pw(), pw()
    add(".vscode/settings.json", "vscode-sqltools", json.dumps({
        "editor.formatOnSave": True,
        "sqltools.connections": [
            {"name": "prod-replica", "driver": "PostgreSQL", "server": "pg-replica.prod.internal",
             "port": 5432, "database": "orders", "username": "readonly", "password": p1},
            {"name": "reporting", "driver": "MySQL", "server": "mysql.northwind-apps.com", "port": 3306,
             "database": "reports", "username": "report", "password": p2}]}, indent=4) + "\n", [p1, p2])

    p1, k1 = pw(), g.alnum(32)
    add(".vscode/launch.json", "vscode-launch-env", json.dumps({
        "version": "0.2.0",
        "configurations": [{"type": "node", "request": "launch", "name": "API (prod data)",
                            "program": "${workspaceFolder}/src/server.js",
                            "env": {"NODE_ENV": "development", "DB_PASSWORD": p1,
                                    "PAYMENTS_API_KEY": k1}}]}, indent=4) + "\n", [p1, k1])

    jwt, bu, bp = g.jwt_like(), "integration", plain()
    basic = base64.b64encode(f"{bu}:{bp}".encode()).decode()
    add("api-tests/orders.http", "rest-client-http", f"""@baseUrl = https://api.northwind-apps.com/v2
@token = {jwt}

### list orders
GET {{{{baseUrl}}}}/orders?limit=20
Authorization: Bearer {{{{token}}}}

### legacy partner endpoint
POST https://partner.northwind-apps.com/import
Authorization: Basic {basic}
Content-Type: application/json

{{"batch": 17}}
""", [jwt, basic])

    t1, t2 = g.alnum(40), pw()
    add("http/http-client.private.env.json", "jetbrains-http-env", json.dumps({
        "dev": {"token": t1, "password": t2},
        "prod": {"host": "https://api.northwind-apps.com"}}, indent=2) + "\n", [t1, t2])

    t1, k1 = g.alnum(48), g.hex(32)
    add("docs/insomnia/Insomnia_2024-03-11.json", "insomnia-export", json.dumps({
        "_type": "export", "__export_format": 4, "__export_source": "insomnia.desktop.app:v2023.5.8",
        "resources": [
            {"_id": "req_" + g.hex(32), "_type": "request", "parentId": "wrk_" + g.hex(32),
             "url": "https://api.northwind-apps.com/v1/customers", "name": "List customers", "method": "GET",
             "authentication": {"type": "bearer", "token": t1, "prefix": ""},
             "headers": [{"name": "X-Api-Key", "value": k1}]}]}, indent=2) + "\n", [t1, k1])

    # ---------------------------------------------------------------- Android / iOS / RN
    gk = google_key()
    add("android/app/google-services.json", "android-google-services", json.dumps({
        "project_info": {"project_number": str(r.randint(10**11, 10**12)), "project_id": "northwind-orders",
                         "storage_bucket": "northwind-orders.appspot.com"},
        "client": [{"client_info": {"mobilesdk_app_id": "1:%d:android:%s" % (r.randint(10**11, 10**12), g.hex(16)),
                                    "android_client_info": {"package_name": "com.northwind.orders"}},
                    "oauth_client": [],
                    "api_key": [{"current_key": gk}],
                    "services": {"appinvite_service": {"other_platform_oauth_client": []}}}],
        "configuration_version": "1"}, indent=2) + "\n", [gk])

    p1, p2 = plain(), plain()
    add("android/app/build.gradle", "android-signing-gradle", f"""android {{
    namespace 'com.northwind.orders'
    compileSdk 34

    signingConfigs {{
        release {{
            storeFile file('../keystore/release.jks')
            storePassword '{p1}'
            keyAlias 'orders'
            keyPassword '{p2}'
        }}
    }}
    buildTypes {{
        release {{
            signingConfig signingConfigs.release
            minifyEnabled true
        }}
    }}
}}
""", [p1, p2])

    p1, mk = plain(), google_key()
    add("android/local.properties", "android-local-properties", f"""## This file must *NOT* be checked into Version Control Systems,
sdk.dir=/Users/mkaya/Library/Android/sdk
MAPS_API_KEY={mk}
RELEASE_STORE_PASSWORD={p1}
RELEASE_KEY_ALIAS=orders
""", [mk, p1])

    mk, fs = google_key(), g.hex(32)
    add("android/app/src/main/res/values/strings.xml", "android-strings", f"""<resources>
    <string name="app_name">Northwind Orders</string>
    <string name="google_maps_key" translatable="false">{mk}</string>
    <string name="facebook_app_id">{r.randint(10**14, 10**15)}</string>
    <string name="facebook_client_token">{fs}</string>
</resources>
""", [mk, fs])

    ik, sk2 = google_key(), g.alnum(32)
    add("ios/Config/Release.xcconfig", "ios-xcconfig", f"""#include "Pods/Target Support Files/Pods-Orders/Pods-Orders.release.xcconfig"
API_BASE_URL = https:/$()/api.northwind-apps.com
GOOGLE_MAPS_API_KEY = {ik}
ANALYTICS_SECRET = {sk2}
PRODUCT_BUNDLE_IDENTIFIER = com.northwind.orders
""", [ik, sk2])

    ik = google_key()
    add("ios/Orders/GoogleService-Info.plist", "ios-googleservice-plist", f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>API_KEY</key>
	<string>{ik}</string>
	<key>GCM_SENDER_ID</key>
	<string>{r.randint(10**11, 10**12)}</string>
	<key>BUNDLE_ID</key>
	<string>com.northwind.orders</string>
	<key>PROJECT_ID</key>
	<string>northwind-orders</string>
</dict>
</plist>
""", [ik])

    mb = "sk." + base64.urlsafe_b64encode(json.dumps({"u": "northwind", "a": "cl" + g.chars(string.ascii_lowercase + string.digits, 23)},
                                                     separators=(",", ":")).encode()).decode().rstrip("=") + "." + g.b64url(22)
    sa, gk = g.alnum(32), google_key()
    add("mobile/.env.production", "react-native-env", f"""API_URL=https://api.northwind-apps.com
MAPBOX_DOWNLOAD_TOKEN={mb}
GOOGLE_PLACES_KEY={gk}
SEGMENT_WRITE_KEY={sa}
""", [mb, gk, sa])

    fk = google_key()
    add("web/src/firebase.js", "firebase-web-config", f"""import {{ initializeApp }} from "firebase/app";
import {{ getAuth }} from "firebase/auth";

const firebaseConfig = {{
  apiKey: "{fk}",
  authDomain: "northwind-orders.firebaseapp.com",
  projectId: "northwind-orders",
  storageBucket: "northwind-orders.appspot.com",
  messagingSenderId: "{r.randint(10**11, 10**12)}",
  appId: "1:{r.randint(10**11, 10**12)}:web:{g.hex(22)}"
}};

export const app = initializeApp(firebaseConfig);
export const auth = getAuth(app);
""", [fk])

    # ---------------------------------------------------------------- mail / IRC clients
    p1 = plain()
    add("home/mk/.fetchmailrc", "fetchmailrc", f"""set daemon 300
poll imap.northwind-apps.com protocol IMAP port 993
    user "m.kaya@northwind-apps.com" there with password "{p1}" is mk here
    options ssl keep
""", [p1])

    p1, p2 = plain(), plain()
    add("home/mk/.muttrc", "muttrc", f"""set realname = "Mehmet Kaya"
set from = "m.kaya@northwind-apps.com"
set imap_user = "m.kaya@northwind-apps.com"
set imap_pass = "{p1}"
set folder = "imaps://imap.northwind-apps.com:993"
set spoolfile = "+INBOX"
set smtp_url = "smtps://m.kaya@northwind-apps.com@smtp.northwind-apps.com:465/"
set smtp_pass = "{p2}"
""", [p1, p2])

    p1, p2 = plain(), plain()
    add("home/mk/.irssi/config", "irssi-config", f"""servers = (
  {{
    address = "irc.libera.chat";
    chatnet = "liberachat";
    port = "6697";
    use_tls = "yes";
    autoconnect = "yes";
    password = "{p1}";
  }}
);
chatnets = {{
  liberachat = {{
    type = "IRC";
    autosendcmd = "/msg NickServ IDENTIFY mkaya {p2}; wait 2000";
  }};
}};
""", [p1, p2])

    p1 = plain()
    add("home/mk/.weechat/irc.conf", "weechat-irc", f"""[server]
libera.addresses = "irc.libera.chat/6697"
libera.tls = on
libera.sasl_mechanism = plain
libera.sasl_username = "mkaya"
libera.sasl_password = "{p1}"
libera.autojoin = "#northwind-ops"
""", [p1])

    # ---------------------------------------------------------------- rsync / supervisord / monitoring
    p1, p2 = plain(), plain()
    add("etc/rsyncd.secrets", "rsyncd-secrets", f"""backup:{p1}
mirror:{p2}
""", [p1, p2])

    p1 = plain()
    add("etc/supervisord.conf", "supervisord-http", f"""[unix_http_server]
file=/var/run/supervisor.sock

[inet_http_server]
port=0.0.0.0:9001
username=admin
password={p1}

[supervisord]
logfile=/var/log/supervisord.log
""", [p1])

    p1, p2 = plain(), plain()
    add("nagios/etc/resource.cfg", "nagios-resource", f"""# Sets $USER1$ to be the path to the plugins
$USER1$=/usr/local/nagios/libexec
# MySQL monitoring user
$USER3$=nagios
$USER4$={p1}
# SNMP v2 community
$USER5$={p2}
""", [p1, p2])

    p1 = plain()
    add("icinga2/conf.d/api-users.conf", "icinga-api-users", f"""/**
 * The ApiUser objects are used for authentication against the API.
 */
object ApiUser "root" {{
  password = "{p1}"
  permissions = [ "*" ]
}}
""", [p1])

    p1, psk = plain(), g.hex(64)
    add("zabbix/zabbix_server.conf", "zabbix-server-conf", f"""LogFile=/var/log/zabbix/zabbix_server.log
DBHost=zbx-db.prod.internal
DBName=zabbix
DBUser=zabbix
DBPassword={p1}
StartPollers=20
""", [p1])
    add("zabbix/zabbix_agentd.psk", "zabbix-psk", psk + "\n", [psk])

    c1, a1, x1 = g.alnum(12), plain(), plain()
    add("etc/snmp/snmpd.conf", "snmpd-conf", f"""sysLocation    FRA1 rack 12
sysContact     noc@northwind-apps.com
rocommunity {c1} 10.20.0.0/16
createUser nocmon SHA "{a1}" AES "{x1}"
rouser nocmon priv
""", [c1, a1, x1])

    # ---------------------------------------------------------------- network devices
    en, u7, tk, snmpc = g.md5crypt(), plain(), plain(), g.alnum(12)
    u7e, tke = cisco7(r, u7), cisco7(r, tk)
    add("network/backups/core-sw01-running-config.txt", "cisco-config", f"""!
version 15.2
hostname core-sw01
!
enable secret 5 {en}
!
username netadmin privilege 15 password 7 {u7e}
!
tacacs-server host 10.20.0.5 key 7 {tke}
snmp-server community {snmpc} RO 99
!
line vty 0 15
 login local
 transport input ssh
!
end
""", [en, u7e, tke, snmpc])

    h1, psk = g.sha512crypt(), plain()
    add("network/backups/edge-fw01.conf", "juniper-config", f"""system {{
    host-name edge-fw01;
    root-authentication {{
        encrypted-password "{h1}"; ## SECRET-DATA
    }}
}}
security {{
    ike {{
        policy ike-pol-aws {{
            mode main;
            proposals ike-prop;
            pre-shared-key ascii-text "{psk}";
        }}
    }}
}}
""", [h1, psk])

    # ---------------------------------------------------------------- build and deploy command lines
    nt, p1 = g.gh_token("npm_"), plain()
    add("web/Dockerfile", "dockerfile-arg", f"""FROM node:20-alpine AS build
ARG NPM_TOKEN={nt}
WORKDIR /app
COPY package*.json .npmrc ./
RUN npm ci
ENV SPRING_DATASOURCE_PASSWORD={p1} \\
    SPRING_PROFILES_ACTIVE=prod
COPY . .
RUN npm run build
""", [nt, p1])

    gl, p1 = "glpat-" + g.b64url(20), plain()
    add("scripts/build-images.sh", "docker-build-arg", f"""#!/usr/bin/env bash
set -euo pipefail
docker build \\
  --build-arg GITLAB_TOKEN={gl} \\
  --build-arg DB_PASSWORD={p1} \\
  -t registry.northwind-apps.com/orders:"$(git rev-parse --short HEAD)" .
""", [gl, p1])

    p1, p2, p3 = plain(), plain(), g.alnum(32)
    add("deploy/install.sh", "helm-set-cli", f"""#!/bin/sh
helm repo add bitnami https://charts.bitnami.com/bitnami
helm upgrade --install orders-db bitnami/postgresql -n prod \\
  --set auth.postgresPassword={p1} \\
  --set auth.password={p2}
helm upgrade --install orders ./charts/orders -n prod --set-string secrets.jwtSecret="{p3}"
""", [p1, p2, p3])

    p1, k1 = plain(), g.alnum(40)
    add("deploy/create-secrets.sh", "kubectl-from-literal", f"""#!/bin/bash
kubectl -n prod create secret generic orders-db \\
  --from-literal=username=orders \\
  --from-literal=password='{p1}'
kubectl -n prod create secret generic stripe --from-literal=STRIPE_API_KEY=sk_live_{k1} --dry-run=client -o yaml | kubectl apply -f -
""", [p1, k1])

    tok = g.gh_token("ghp_")
    hdr = base64.b64encode(f"x-access-token:{tok}".encode()).decode()
    bt = g.alnum(20)
    add("ci/checkout-submodules.sh", "git-extraheader", f"""#!/bin/sh
git config --global http.https://github.com/.extraheader "AUTHORIZATION: basic {hdr}"
git -c http.extraHeader="Authorization: Bearer {bt}" clone https://git.northwind-apps.com/platform/shared.git
git submodule update --init --recursive
""", [hdr, bt])

    t1, k1 = g.alnum(40), g.hex(32)
    add("docs/API.md", "readme-curl", f"""# Orders API

Quick check against production:

```bash
curl -s https://api.northwind-apps.com/v2/orders \\
  -H "Authorization: Bearer {t1}" | jq .
```

With HTTPie:

```
http GET https://api.northwind-apps.com/v2/customers X-Api-Key:{k1}
```
""", [t1, k1])

    # ---------------------------------------------------------------- logs / notebook outputs
    p1, jwt = plain(), g.jwt_like()
    add("logs/app-2024-03-11.log", "app-log", f"""2024-03-11 08:14:02.117 INFO  [main] o.s.b.StartupInfoLogger : Starting OrdersApplication v2.3.1
2024-03-11 08:14:03.502 DEBUG [main] c.n.o.config.DbConfig : datasource url=jdbc:postgresql://pg-main.prod.internal:5432/orders user=orders password={p1}
2024-03-11 08:14:07.881 WARN  [http-nio-8080-exec-3] c.n.o.web.RequestLogger : 401 from upstream GET /v1/stock headers={{Accept=application/json, Authorization=Bearer {jwt}}}
2024-03-11 08:14:08.004 INFO  [main] o.s.b.StartupInfoLogger : Started OrdersApplication in 6.1 seconds
""", [p1, jwt])

    k1 = g.alnum(32)
    add("logs/worker-error.log", "node-error-dump", f"""AxiosError: Request failed with status code 403
    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)
    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/lib/adapters/http.js:589:11) {{
  code: 'ERR_BAD_REQUEST',
  config: {{
    method: 'post',
    url: 'https://api.partner-logistics.de/v3/shipments',
    headers: AxiosHeaders {{
      Accept: 'application/json, text/plain, */*',
      'Content-Type': 'application/json',
      'X-API-Key': '{k1}',
      'User-Agent': 'axios/1.6.2'
    }}
  }}
}}
""", [k1])

    tok = g.gh_token("ghp_")
    p1 = plain()
    add("notebooks/github-stats.ipynb", "jupyter-outputs", json.dumps({"cells": [
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "source": [
            "import os, requests\n", "s = requests.Session()\n",
            "s.headers['Authorization'] = 'token ' + os.environ['GH_TOKEN']\n", "s.headers"],
         "outputs": [{"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": [
             "{'User-Agent': 'python-requests/2.31.0', 'Accept-Encoding': 'gzip, deflate', 'Accept': '*/*', 'Connection': 'keep-alive', 'Authorization': 'token %s'}" % tok]}}]},
        {"cell_type": "code", "execution_count": 4, "metadata": {}, "source": ["engine.url"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [
             "postgresql://analyst:%s@warehouse.northwind-apps.com:5432/analytics\n" % p1]}]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5},
        indent=1) + "\n", [tok, p1])

    # ---------------------------------------------------------------- code literals
    k1, p1 = g.alnum(32), pw()
    add("app/src/main/java/com/northwind/orders/net/ApiConfig.kt", "kotlin-code", f"""package com.northwind.orders.net

object ApiConfig {{
    const val BASE_URL = "https://api.northwind-apps.com/"
    const val CLIENT_SECRET = "{k1}"
    private const val DB_PASSWORD: String = "{p1}"
}}
""", [k1, p1])

    p1, k1 = pw(), g.alnum(40)
    add("src/main/scala/com/northwind/etl/Settings.scala", "scala-code", f"""package com.northwind.etl

object Settings {{
  val jdbcUrl = "jdbc:postgresql://warehouse.northwind-apps.com:5432/analytics"
  val jdbcUser = "etl"
  val jdbcPassword = "{p1}"
  val awsSecretAccessKey: String = "{k1}"
}}
""", [p1, k1])

    p1, skb = pw(), g.chars(B62 + "+/", 64)
    add("config/prod.exs", "elixir-config", f"""import Config

config :shop, Shop.Repo,
  username: "shop",
  password: "{p1}",
  hostname: "pg-main.prod.internal",
  database: "shop_prod",
  pool_size: 15

config :shop, ShopWeb.Endpoint,
  url: [host: "shop.northwind-apps.com", port: 443],
  secret_key_base: "{skb}"
""", [p1, skb])

    k1, k2 = g.alnum(32), pw()
    add("lib/config/env.dart", "dart-code", f"""class Env {{
  static const String apiBaseUrl = 'https://api.northwind-apps.com';
  static const String apiKey = '{k1}';
  static const smtpPassword = '{k2}';
}}
""", [k1, k2])

    # ---------------------------------------------------------------- negatives of these shapes
    add("neg/docs/README.md", "neg-docs-placeholders", """# Setup

Export your token, then call the API:

```bash
export ORDERS_TOKEN=<your-token>
curl -H "Authorization: Bearer $ORDERS_TOKEN" https://api.example.com/v2/orders
curl -u "admin:YOUR_PASSWORD" https://api.example.com/v2/health
kubectl create secret generic orders-db --from-literal=password='<db-password>'
helm upgrade --install orders ./chart --set auth.password=CHANGE_ME
```

| variable | example |
|----------|---------|
| `DATABRICKS_TOKEN` | `dapi0123456789abcdef0123456789abcdef` |
| `AIRFLOW_CONN_WAREHOUSE` | `postgres://user:password@host:5432/db` |
""", negative=True)
    add("neg/airflow/airflow.cfg", "neg-airflow", """[core]
executor = LocalExecutor
# Secret key to save connection passwords in the db
fernet_key =
[database]
sql_alchemy_conn = sqlite:////opt/airflow/airflow.db
[webserver]
secret_key = {SECRET_KEY}
""", negative=True)
    add("neg/kafka/client.properties", "neg-kafka", """bootstrap.servers=kafka:9093
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${file:/etc/kafka/secrets/client.properties:username}" password="${file:/etc/kafka/secrets/client.properties:password}";
""", negative=True)
    add("neg/analytics/profiles.yml", "neg-dbt", """analytics:
  target: dev
  outputs:
    dev:
      type: snowflake
      account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
      user: "{{ env_var('DBT_USER') }}"
      password: "{{ env_var('DBT_PASSWORD') }}"
      private_key_path: /secrets/rsa_key.p8
""", negative=True)
    add("neg/grafana/provisioning/datasources/ds.yaml", "neg-grafana-provisioning", """apiVersion: 1
datasources:
  - name: Postgres
    type: postgres
    secureJsonData:
      password: $__env{PG_PASSWORD}
  - name: Loki
    basicAuth: true
    secureJsonData:
      basicAuthPassword: ${LOKI_PASSWORD}
""", negative=True)
    add("neg/monitoring/prometheus.yml", "neg-prometheus", """scrape_configs:
  - job_name: kubernetes-apiservers
    scheme: https
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
  - job_name: mq
    basic_auth:
      username: prometheus
      password_file: /etc/prometheus/mq-password
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['alertmanager:9093']
""", negative=True)
    add("neg/jenkins/Jenkinsfile", "neg-jenkins", """pipeline {
  agent any
  environment {
    SONAR_TOKEN = credentials('sonar-token')
    NEXUS = credentials('nexus-deploy')
  }
  stages {
    stage('publish') {
      steps {
        withCredentials([string(credentialsId: 'npm-token', variable: 'NPM_TOKEN')]) {
          sh 'npm publish --//registry.npmjs.org/:_authToken=$NPM_TOKEN'
        }
      }
    }
  }
}
""", negative=True)
    add("neg/src/test/resources/application-test.yml", "neg-test-fixtures", """spring:
  datasource:
    url: jdbc:h2:mem:testdb
    username: sa
    password: test
  kafka:
    properties:
      sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="test" password="test";
stripe:
  api-key: sk_test_dummy
github:
  token: dummy-token-for-tests
""", negative=True)
    add("neg/release/SHA256SUMS", "neg-hashes", "".join(
        "%s  orders-%s-%s.tar.gz\n" % (hashlib.sha256(g.alnum(20).encode()).hexdigest(), v, a)
        for v in ("2.3.0", "2.3.1") for a in ("linux-amd64", "darwin-arm64")) +
        "# commit %s\n" % g.hex(40), negative=True)
    add("neg/mobile/pubspec.lock", "neg-lockfile-2", "".join("""  %s:
    dependency: transitive
    description:
      name: %s
      sha256: "%s"
      url: "https://pub.dev"
    source: hosted
    version: "%d.%d.%d"
""" % (n, n, g.hex(64), r.randint(0, 5), r.randint(0, 20), r.randint(0, 9))
        for n in ("async", "collection", "http", "meta")), negative=True)
    add("neg/infra/azuredeploy.parameters.json", "neg-uuid-config", json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "subscriptionId": {"value": "%s-%s-%s-%s-%s" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12))},
            "tenantId": {"value": "%s-%s-%s-%s-%s" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12))},
            "clientId": {"value": "%s-%s-%s-%s-%s" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12))},
            "workspaceId": {"value": "%s-%s-%s-%s-%s" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12))},
            "adminPassword": {"reference": {"keyVault": {"id": "/subscriptions/%s/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-prod" % g.hex(8)},
                                            "secretName": "vmAdminPassword"}}}}, indent=2) + "\n", negative=True)
    add("neg/android/app/build.gradle", "neg-android-signing", """def keystoreProperties = new Properties()
keystoreProperties.load(new FileInputStream(rootProject.file("keystore.properties")))
android {
    signingConfigs {
        release {
            storeFile file(keystoreProperties['storeFile'])
            storePassword keystoreProperties['storePassword']
            keyAlias keystoreProperties['keyAlias']
            keyPassword System.getenv("ANDROID_KEY_PASSWORD")
        }
    }
}
""", negative=True)
    add("neg/config/runtime.exs", "neg-elixir", """import Config
if config_env() == :prod do
  database_url = System.get_env("DATABASE_URL") || raise "DATABASE_URL is missing"
  config :shop, Shop.Repo, url: database_url
  secret_key_base = System.fetch_env!("SECRET_KEY_BASE")
  config :shop, ShopWeb.Endpoint, secret_key_base: secret_key_base
end
""", negative=True)
    add("neg/etc/snmp/snmpd.conf", "neg-snmpd", """sysLocation    Server Room
rocommunity public localhost
# createUser authOnlyUser MD5 "<auth passphrase>"
""", negative=True)
    add("neg/ansible/ansible.cfg", "neg-ansible-cfg", """[defaults]
inventory = inventories/prod/hosts.yml
vault_password_file = ~/.ansible/vault_pass.sh
remote_user = deploy
""", negative=True)


def build_seventh(g, add):
    """Seventh batch, written blind from how credentials sit in application source and everyday
    files: class constants, enums and static fields, nested object literals, builder chains,
    dependency-injection setup, default arguments, header maps built in code, a token split over
    two literals; Kotlin, Swift, Dart, Elixir, Haskell, Lua, Perl, R, MATLAB, Groovy, Rust, C#,
    VBA/VBScript, AutoHotkey, PowerShell; infrastructure code (Terraform providers, Bicep, Pulumi,
    CDK, Nix, Vagrant); SQL (Oracle, MySQL GRANT, ALTER ROLE, linked servers); Makefiles, crontabs,
    Procfiles; Kubernetes env values, Kustomize secretGenerator, Argo CD repository secrets;
    wiki pages, chat and issue exports, Postman collections, crash dumps, shell histories,
    browser-extension code, password-manager exports (Firefox CSV, KeePass XML, Bitwarden and
    1Password JSON)."""
    r = g.r

    def q(p):
        return p.replace("'", "").replace('"', "").replace("\\", "").replace("`", "").replace("$", "")

    def pw():
        return q(g.password())

    def human():
        """Passwords as people pick them: a word, a year or number, a symbol; or leet."""
        words = ["Winter", "Summer", "Autumn", "Spring", "Welcome", "Fabrikam", "Dragon", "Sunshine",
                 "Bluebird", "Harbor", "Falcon", "Maple", "Orion", "Tigers", "Rocket", "Jupiter"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2016, 2026)) + r.choice("!#@?&*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("&%#!") + str(r.randint(1, 99))
        return r.choice("!@#") + w.lower() + str(r.randint(10, 999)) + w[:2].upper()

    def stripe():
        return "sk_live_" + (g.alnum(24) if r.randrange(2) else "51" + g.alnum(97))

    def sendgrid():
        return "SG." + g.b64url(22) + "." + g.b64url(43)

    def slack_bot():
        return "xoxb-%d-%d-%s" % (r.randint(10**10, 10**12), r.randint(10**11, 10**13), g.alnum(24))

    def glpat():
        return "glpat-" + g.chars(B62 + "-_", 20)

    def openai():
        return "sk-proj-" + g.b64url(58) + "T3BlbkFJ" + g.b64url(58)

    def anthropic():
        return "sk-ant-api03-" + g.b64url(93) + "AA"

    def azure_secret():
        return g.alnum(3) + str(r.randint(0, 9)) + "Q~" + g.chars(B62 + "_~.-", 34)

    def google_key():
        return "AIza" + g.chars(B62 + "-_", 35)

    def pypi():
        return "pypi-AgEIcHlwaS5vcmc" + g.b64url(160)

    # ---------------------------------------------------------------- Java / Kotlin / Swift / Dart
    s1, p1 = stripe(), human()
    add("payments/src/main/java/com/northwind/payments/Constants.java", "java-class-constants",
        f"""package com.northwind.payments;

public final class Constants {{
    private Constants() {{}}

    public static final String STRIPE_API_KEY = "{s1}";
    public static final String API_BASE = "https://api.stripe.com/v1";
    static final String DB_USER = "payments";
    private static final String DB_PASSWORD = "{p1}";
    public static final int TIMEOUT_MS = 15_000;
}}
""", [s1, p1])

    p1, k1 = pw(), g.hex(32)
    add("ingest/src/main/java/com/fabrikam/ingest/Clients.java", "java-builder-chains", f"""package com.fabrikam.ingest;

import com.mongodb.MongoCredential;
import okhttp3.Request;

class Clients {{
    MongoCredential cred = MongoCredential.createScramSha256Credential(
            "ingest", "admin", "{p1}".toCharArray());

    Request req = new Request.Builder()
            .url("https://api.fabrikam.org/v2/events")
            .header("X-Api-Key", "{k1}")
            .build();
}}
""", [p1, k1])

    s1, t1 = sendgrid(), g.gh_token()
    add("android/app/src/main/java/com/contoso/notify/BuildSecrets.kt", "kotlin-companion-object", f"""package com.contoso.notify

import okhttp3.Interceptor

class ApiClient {{
    companion object {{
        const val SENDGRID_KEY = "{s1}"
        private const val TIMEOUT = 30L
    }}

    private val auth = Interceptor {{ chain ->
        chain.proceed(chain.request().newBuilder()
            .addHeader("Authorization", "token {t1}")
            .build())
    }}
}}
""", [s1, t1])

    s1, k1, p1 = stripe(), g.hex(32), human()
    add("ios/Shop/Support/Secrets.swift", "swift-enum-secrets", f"""import Foundation

enum Secrets {{
    static let stripeSecretKey = "{s1}"
    static let algoliaAppID = "{g.chars(UPPER_ALNUM, 10)}"
    static let algoliaAdminKey = "{k1}"
    enum Staging {{
        static let basicAuthUser = "qa"
        static let basicAuthPassword = "{p1}"
    }}
}}
""", [s1, k1, p1])

    k1, t1 = g.alnum(40), g.jwt_like()
    add("app/lib/services/api_client.dart", "dart-dio-headers", f"""import 'package:dio/dio.dart';

final dio = Dio(BaseOptions(
  baseUrl: 'https://api.northwind-apps.com',
  headers: {{
    'x-api-key': '{k1}',
    'Authorization': 'Bearer {t1}',
  }},
));
""", [k1, t1])

    # ---------------------------------------------------------------- Elixir / Haskell / Lua / Perl
    t1, p1 = g.jwt_like(), pw()
    add("lib/shop/crm_client.ex", "elixir-tesla", f"""defmodule Shop.CrmClient do
  use Tesla

  plug Tesla.Middleware.BaseUrl, "https://crm.fabrikam.org/api"
  plug Tesla.Middleware.Headers, [{{"authorization", "Bearer {t1}"}}]
  plug Tesla.Middleware.BasicAuth, username: "shop", password: "{p1}"
  plug Tesla.Middleware.JSON
end
""", [t1, p1])

    p1, k1 = pw(), g.hex(40)
    add("src/Config.hs", "haskell-records", f"""{{-# LANGUAGE OverloadedStrings #-}}
module Config where

import Database.PostgreSQL.Simple

dbInfo :: ConnectInfo
dbInfo = defaultConnectInfo
  {{ connectHost = "pg-main.contoso-hosting.net"
  , connectUser = "reports"
  , connectPassword = "{p1}"
  , connectDatabase = "reports"
  }}

datadogAppKey :: String
datadogAppKey = "{k1}"
""", [p1, k1])

    p1, k1 = pw(), g.hex(32)
    add("openresty/lua/auth.lua", "lua-openresty", f"""local redis = require "resty.redis"
local red = redis:new()
red:set_timeouts(1000, 1000, 1000)
local ok, err = red:connect("cache-01.acmecorp.de", 6379)
local res, err = red:auth("{p1}")

local upstream_headers = {{
    ["X-Api-Key"] = "{k1}",
    ["Accept"] = "application/json",
}}
""", [p1, k1])

    p1, p2 = human(), pw()
    add("cgi-bin/report.pl", "perl-dbi", f"""#!/usr/bin/perl
use strict;
use warnings;
use DBI;

my $dbh = DBI->connect("DBI:mysql:database=crm;host=mysql.fabrikam.org", "crm_ro", "{p1}",
                       {{ RaiseError => 1, AutoCommit => 1 }});
my %ldap_conf = (host => 'ldap.fabrikam.org', binddn => 'cn=svc,dc=fabrikam,dc=org', password => '{p2}');
""", [p1, p2])

    # ---------------------------------------------------------------- R / MATLAB / Groovy / Rust / C#
    o1, p1 = openai(), pw()
    add("analysis/setup.R", "r-script", f"""library(DBI)
Sys.setenv(OPENAI_API_KEY = "{o1}")

con <- dbConnect(RPostgres::Postgres(),
                 dbname = "warehouse",
                 host = "dwh.northwind-apps.com",
                 user = "analyst",
                 password = "{p1}")
""", [o1, p1])

    p1, k1 = human(), g.alnum(32)
    add("matlab/load_sales.m", "matlab-script", f"""% load monthly sales from the warehouse
conn = database('sales', 'analyst', '{p1}', 'Vendor', 'MySQL', 'Server', 'db01.contoso-hosting.net');
apiKey = '{k1}';
opts = weboptions('HeaderFields', {{'X-API-KEY', apiKey}}, 'Timeout', 30);
data = webread('https://api.contoso-hosting.net/v1/rates', opts);
""", [p1, k1])

    p1, t1 = pw(), g.alnum(32)
    add("scripts/nightly-export.groovy", "groovy-sql", f"""@Grab('org.postgresql:postgresql:42.7.3')
import groovy.sql.Sql

def sql = Sql.newInstance('jdbc:postgresql://pg-main.acmecorp.de:5432/erp', 'export', '{p1}', 'org.postgresql.Driver')
def conn = new URL('https://hooks.acmecorp.de/ingest').openConnection()
conn.setRequestProperty('X-Auth-Token', '{t1}')
""", [p1, t1])

    k1, a1 = g.alnum(32), anthropic()
    add("crates/notifier/src/client.rs", "rust-header-map", f"""use reqwest::header::{{HeaderMap, HeaderValue}};

pub fn headers() -> HeaderMap {{
    let mut h = HeaderMap::new();
    h.insert("x-api-key", HeaderValue::from_static("{k1}"));
    h
}}

const ANTHROPIC_KEY: &str = "{a1}";
""", [k1, a1])

    c1, k1 = azure_secret(), g.hex(32)
    add("src/Orders.Api/Program.cs", "csharp-di-config", f"""var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAuthentication()
    .AddOpenIdConnect(options =>
    {{
        options.Authority = "https://login.microsoftonline.com/fabrikam.onmicrosoft.com/v2.0";
        options.ClientId = "{g.hex(8)}-{g.hex(4)}-{g.hex(4)}-{g.hex(4)}-{g.hex(12)}";
        options.ClientSecret = "{c1}";
    }});

builder.Services.AddHttpClient("crm", c =>
{{
    c.BaseAddress = new Uri("https://crm.fabrikam.org/");
    c.DefaultRequestHeaders.Add("X-Api-Key", "{k1}");
}});
""", [c1, k1])

    # ---------------------------------------------------------------- Python / JS code patterns
    p1, s1 = human(), stripe()
    add("etl/db.py", "python-default-args", f"""import psycopg2
from pydantic_settings import BaseSettings


def connect(host="pg-main.northwind-apps.com", user="etl", password="{p1}", dbname="dwh"):
    return psycopg2.connect(host=host, user=user, password=password, dbname=dbname)


class Settings(BaseSettings):
    stripe_secret_key: str = "{s1}"
    debug: bool = False
""", [p1, s1])

    s1, p1 = sendgrid(), human()
    add("api/tests/setup.integration.ts", "js-test-setup", f"""import {{ beforeAll }} from 'vitest';

beforeAll(async () => {{
  process.env.SENDGRID_API_KEY = '{s1}';
  await db.connect({{ host: 'staging-db.contoso-hosting.net', user: 'qa_admin', password: '{p1}' }});
}});
""", [s1, p1])

    t1 = g.gh_token()
    add("scripts/release.js", "js-split-literal", f"""const {{ Octokit }} = require('@octokit/rest');
// split in two so the line fits
const octokit = new Octokit({{ auth: '{t1[:20]}' + '{t1[20:]}' }});
""", [t1[:20]])

    k1, p1 = g.hex(32), pw()
    add("src/config/services.js", "js-nested-literal", f"""module.exports = {{
  services: {{
    mailgun: {{
      domain: 'mg.northwind-apps.com',
      credentials: {{ apiKey: '{k1}-{g.hex(8)}-{g.hex(8)}' }},
    }},
    smtp: {{
      auth: {{ user: 'noreply@northwind-apps.com', pass: '{p1}' }},
    }},
  }},
}};
""", [k1, p1])

    # ---------------------------------------------------------------- VBA / VBScript / AutoHotkey / PowerShell
    p1, b1 = human(), base64.b64encode(("svc_report:" + pw()).encode()).decode()
    add("office/Module1.bas", "vba-module", f"""Attribute VB_Name = "Module1"
Const CONN_STR As String = "Provider=SQLOLEDB;Data Source=sql01.fabrikam.org;Initial Catalog=Sales;User ID=report;Password={p1};"

Sub RefreshRates()
    Dim http As Object
    Set http = CreateObject("MSXML2.XMLHTTP")
    http.Open "GET", "https://rates.fabrikam.org/api/latest", False
    http.setRequestHeader "Authorization", "Basic {b1}"
    http.send
End Sub
""", [p1, b1])

    p1 = human()
    add("scripts/map-drives.vbs", "vbscript", f"""Set objNetwork = CreateObject("WScript.Network")
strUser = "CONTOSO\\svc_print"
strPassword = "{p1}"
objNetwork.MapNetworkDrive "P:", "\\\\fs01.contoso-hosting.net\\print", False, strUser, strPassword
""", [p1])

    p1 = human()
    add("tools/login.ahk", "autohotkey", f"""#NoEnv
SetTitleMatchMode, 2
vpnUser := "jdoe"
vpnPass := "{p1}"
^!v::
    Run, "C:\\Program Files\\OpenVPN Connect\\OpenVPNConnect.exe"
    WinWaitActive, OpenVPN
    Send, %vpnUser%{{Tab}}%vpnPass%{{Enter}}
return
""", [p1])

    t1, c1 = g.jwt_like(), azure_secret()
    add("ops/Sync-Users.ps1", "powershell-rest", f"""$headers = @{{
    "Authorization" = "Bearer {t1}"
    "Content-Type"  = "application/json"
}}
$env:AZURE_CLIENT_SECRET = "{c1}"
Invoke-RestMethod -Uri "https://hr.contoso-hosting.net/api/users" -Headers $headers -Method Get
""", [t1, c1])

    # ---------------------------------------------------------------- infrastructure code
    t1, p1 = g.chars(B62 + "-_", 40), human()
    add("infra/cloudflare/main.tf", "terraform-providers", f"""provider "cloudflare" {{
  api_token = "{t1}"
}}

resource "azurerm_linux_virtual_machine" "bastion" {{
  name                            = "bastion-01"
  admin_username                  = "azureuser"
  admin_password                  = "{p1}"
  disable_password_authentication = false
}}
""", [t1, p1])

    p1, k1 = human(), g.b64(64)
    add("infra/bicep/main.bicep", "bicep", f"""@secure()
param adminPassword string = '{p1}'

param location string = resourceGroup().location

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=fabrikamlogs;AccountKey={k1};EndpointSuffix=core.windows.net'
""", [p1, k1])

    d1, p1 = "dop_v1_" + g.hex(64), pw()
    add("infra/pulumi/index.ts", "pulumi-ts", f"""import * as digitalocean from "@pulumi/digitalocean";
import * as aws from "@pulumi/aws";

const doProvider = new digitalocean.Provider("do", {{ token: "{d1}" }});

const db = new aws.rds.Instance("orders", {{
    engine: "postgres",
    instanceClass: "db.t3.micro",
    username: "orders",
    password: "{p1}",
}});
""", [d1, p1])

    p1 = pw()
    add("infra/pulumi_py/__main__.py", "pulumi-python", f"""import pulumi
import pulumi_docker as docker

provider = docker.Provider("registry", registry_auth=[docker.ProviderRegistryAuthArgs(
    address="registry.acmecorp.de", username="ci", password="{p1}")])
""", [p1])

    p1, s1 = human(), stripe()
    add("infra/cdk/lib/api-stack.ts", "cdk-ts", f"""import {{ SecretValue, Stack }} from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export class ApiStack extends Stack {{
  constructor(scope, id, props) {{
    super(scope, id, props);
    const dbPassword = SecretValue.unsafePlainText('{p1}');
    new lambda.Function(this, 'Checkout', {{
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('dist'),
      environment: {{ STRIPE_SECRET_KEY: '{s1}' }},
    }});
  }}
}}
""", [p1, s1])

    p1, p2 = human(), pw()
    add("hosts/web01/configuration.nix", "nix-config", f"""{{ config, pkgs, ... }}:
{{
  users.users.deploy = {{
    isNormalUser = true;
    initialPassword = "{p1}";
  }};
  services.grafana.settings.security.admin_password = "{p2}";
}}
""", [p1, p2])

    ak, sk, p1 = g.aws_key_id(), g.aws_secret(), human()
    add("infra/vagrant-aws/Vagrantfile", "vagrantfile-aws", f"""Vagrant.configure("2") do |config|
  config.vm.box = "dummy"
  config.ssh.username = "vagrant"
  config.ssh.password = "{p1}"
  config.vm.provider :aws do |aws, override|
    aws.access_key_id = "{ak}"
    aws.secret_access_key = "{sk}"
    aws.region = "eu-central-1"
  end
end
""", [ak, sk, p1])

    # ---------------------------------------------------------------- SQL
    p1, p2, p3 = human(), pw(), human()
    add("db/oracle/01_users.sql", "sql-oracle-mysql-grant", f"""CREATE USER app_owner IDENTIFIED BY "{p1}" DEFAULT TABLESPACE users QUOTA UNLIMITED ON users;
GRANT CONNECT, RESOURCE TO app_owner;
GRANT SELECT, INSERT ON shop.* TO 'shop'@'10.0.%' IDENTIFIED BY '{p2}';
ALTER ROLE reporting WITH LOGIN PASSWORD '{p3}' VALID UNTIL 'infinity';
""", [p1, p2, p3])

    p1 = pw()
    add("db/mssql/linked_server.sql", "sql-linked-server", f"""EXEC master.dbo.sp_addlinkedserver @server = N'ERP', @srvproduct = N'', @provider = N'SQLNCLI', @datasrc = N'erp-sql.fabrikam.org';
EXEC master.dbo.sp_addlinkedsrvlogin @rmtsrvname = N'ERP', @useself = N'False', @locallogin = NULL, @rmtuser = N'erp_reader', @rmtpassword = N'{p1}';
""", [p1])

    # ---------------------------------------------------------------- build / schedule files
    p1, py1 = human(), pypi()
    while p1.startswith("#"):  # `#` starts a comment in make
        p1 = human()
    add("tools/pkg/Makefile", "makefile", f"""REGISTRY := registry.northwind-apps.com
REGISTRY_PASSWORD ?= {p1}

publish:
\tTWINE_USERNAME=__token__ TWINE_PASSWORD={py1} twine upload dist/*

login:
\tdocker login $(REGISTRY) -u ci -p $(REGISTRY_PASSWORD)
""", [p1, py1])

    p1, t1 = pw(), g.alnum(40)
    add("etc/cron.d/backup", "crontab-env", f"""SHELL=/bin/bash
# m h dom mon dow user command
30 2 * * * postgres PGPASSWORD='{p1}' pg_dump -h pg-main.acmecorp.de -U backup erp | gzip > /backup/erp.sql.gz
*/10 * * * * root curl -fsS -H "X-Auth-Token: {t1}" https://status.acmecorp.de/ping/backup >/dev/null
""", [p1, t1])

    p1 = g.url_password()
    add("shop/Procfile", "procfile", f"""web: gunicorn shop.wsgi --log-file -
worker: REDIS_URL=redis://:{p1}@redis.northwind-apps.com:6379/0 celery -A shop worker -l info
""", [p1])

    # ---------------------------------------------------------------- Kubernetes / GitOps
    s1, p1 = stripe(), human()
    add("k8s/checkout/deployment.yaml", "k8s-env-values", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  template:
    spec:
      containers:
        - name: checkout
          image: registry.northwind-apps.com/checkout:1.14.2
          env:
            - name: STRIPE_SECRET_KEY
              value: "{s1}"
            - name: DB_PASSWORD
              value: {p1}
            - name: LOG_LEVEL
              value: info
""", [s1, p1])

    p1, t1 = pw(), slack_bot()
    add("k8s/overlays/prod/kustomization.yaml", "kustomize-secret-generator", f"""resources:
  - ../../base
secretGenerator:
  - name: app-secrets
    literals:
      - DB_PASSWORD={p1}
      - SLACK_BOT_TOKEN={t1}
""", [p1, t1])

    t1 = glpat()
    add("argocd/repo-secret.yaml", "argocd-repo-secret", f"""apiVersion: v1
kind: Secret
metadata:
  name: platform-repo
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repository
stringData:
  type: git
  url: https://gitlab.fabrikam.org/platform/deploy.git
  username: argocd
  password: {t1}
""", [t1])

    # ---------------------------------------------------------------- docs, chats, issues
    o1, p1 = openai(), human()
    add("wiki/Onboarding.md", "markdown-wiki", f"""# Onboarding

## Local setup

```bash
export OPENAI_API_KEY={o1}
```

## Shared accounts

| system    | user       | password      |
|-----------|------------|---------------|
| staging   | qa_admin   | {p1} |
| grafana   | viewer     | viewer        |
""", [o1, p1])

    ak, sk, t1 = g.aws_key_id(), g.aws_secret(), slack_bot()
    add("exports/slack/devops/2024-03-12.json", "chat-export", json.dumps([
        {"type": "message", "user": "U0" + g.chars(UPPER_ALNUM, 9), "ts": "1710240012.000200",
         "text": "can someone check the deploy? I used these:\naws_access_key_id = %s\naws_secret_access_key = %s" % (ak, sk)},
        {"type": "message", "user": "U0" + g.chars(UPPER_ALNUM, 9), "ts": "1710240099.000300",
         "text": "also the bot token is %s, rotate later" % t1},
    ], indent=2) + "\n", [ak, sk, t1])

    s1 = sendgrid()
    add("exports/issues/412.md", "issue-export", f"""### Emails stopped sending after deploy

**Steps**: deploy 2.3.1, place an order.

My `.env` on the box:

```
MAIL_DRIVER=sendgrid
SENDGRID_API_KEY={s1}
```

_Comment by @ops-lead_: please don't paste keys here.
""", [s1])

    k1, p1 = g.hex(32), pw()
    add("postman/Orders.postman_collection.json", "postman-collection-auth", json.dumps({
        "info": {"name": "Orders", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "List orders", "request": {"method": "GET", "url": "https://api.contoso-hosting.net/orders",
                  "auth": {"type": "apikey", "apikey": [{"key": "value", "value": k1, "type": "string"},
                                                       {"key": "key", "value": "X-API-Key", "type": "string"}]}}},
                 {"name": "Admin", "request": {"method": "GET", "url": "https://admin.contoso-hosting.net/",
                  "auth": {"type": "basic", "basic": [{"key": "password", "value": p1, "type": "string"},
                                                     {"key": "username", "value": "admin", "type": "string"}]}}}]},
        indent=2) + "\n", [k1, p1])

    t1, g1 = slack_bot(), google_key()
    add("crash/node-crash-2024-05-02.txt", "crash-dump-env", f"""Error: connect ECONNREFUSED 10.0.4.12:5432
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
process.env: {{
  NODE_ENV: 'production',
  SLACK_BOT_TOKEN: '{t1}',
  GOOGLE_MAPS_KEY: '{g1}',
  PORT: '3000'
}}
""", [t1, g1])

    t1, p1 = glpat(), human()
    add("home/ops/.bash_history", "bash-history-headers", f"""cd ~/src/deploy
curl --header 'PRIVATE-TOKEN: {t1}' https://gitlab.fabrikam.org/api/v4/projects
http -a admin:{p1} GET https://jenkins.fabrikam.org/api/json
git pull
""", [t1, p1])

    o1 = openai()
    add("extension/background.js", "browser-extension", f"""chrome.runtime.onMessage.addListener(async (msg, sender, reply) => {{
  const res = await fetch('https://api.openai.com/v1/chat/completions', {{
    method: 'POST',
    headers: {{ 'Content-Type': 'application/json', Authorization: `Bearer {o1}` }},
    body: JSON.stringify({{ model: 'gpt-4o-mini', messages: msg.messages }}),
  }});
  reply(await res.json());
}});
""", [o1])

    # ---------------------------------------------------------------- password-manager exports
    p1, p2 = human(), pw()
    add("home/dev/Downloads/logins.csv", "firefox-password-export", f""""url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"
"https://mail.fabrikam.org","jdoe","{p1}",,"https://mail.fabrikam.org","{{{g.hex(8)}-{g.hex(4)}-{g.hex(4)}-{g.hex(4)}-{g.hex(12)}}}","1700000000000","1710000000000","1700000000000"
"https://vpn.fabrikam.org","jdoe","{p2}",,"https://vpn.fabrikam.org","{{{g.hex(8)}-{g.hex(4)}-{g.hex(4)}-{g.hex(4)}-{g.hex(12)}}}","1700000000000","1710000000000","1700000000000"
""", [p1, p2])

    p1, p2 = human(), pw()
    add("backup/Database.xml", "keepass-xml-export", f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<KeePassFile>
  <Root>
    <Group>
      <Name>Work</Name>
      <Entry>
        <String><Key>Title</Key><Value>Jenkins</Value></String>
        <String><Key>UserName</Key><Value>admin</Value></String>
        <String>
          <Key>Password</Key>
          <Value ProtectInMemory="True">{p1}</Value>
        </String>
        <String><Key>URL</Key><Value>https://jenkins.acmecorp.de</Value></String>
      </Entry>
      <Entry>
        <String><Key>Title</Key><Value>NAS</Value></String>
        <String><Key>Password</Key><Value ProtectInMemory="True">{p2}</Value></String>
      </Entry>
    </Group>
  </Root>
</KeePassFile>
""", [p1, p2])

    p1, totp = human(), g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)
    add("backup/bitwarden_export_20240312.json", "bitwarden-json-export", json.dumps({
        "encrypted": False, "folders": [],
        "items": [{"id": "%s-%s-%s-%s-%s" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12)),
                   "type": 1, "name": "AWS console", "favorite": False,
                   "login": {"uris": [{"match": None, "uri": "https://northwind.signin.aws.amazon.com/console"}],
                             "username": "ops-admin", "password": p1, "totp": totp}}]}, indent=2) + "\n", [p1, totp])

    p1 = pw()
    add("backup/1password/export.data", "1password-1pux", json.dumps({
        "accounts": [{"vaults": [{"attrs": {"name": "Shared"}, "items": [{
            "uuid": g.alnum(26).lower(), "overview": {"title": "Prod DB", "url": "postgres://pg-main.acmecorp.de"},
            "details": {"loginFields": [
                {"value": "dbadmin", "name": "username", "fieldType": "T", "designation": "username"},
                {"value": p1, "name": "password", "fieldType": "P", "designation": "password"}]}}]}]}]},
        indent=2) + "\n", [p1])

    # ---------------------------------------------------------------- negatives
    add("neg/src/main/java/com/northwind/Keys.java", "neg-java-constants", """package com.northwind;

public final class Keys {
    public static final String PASSWORD_PROPERTY = "spring.datasource.password";
    public static final String API_KEY_HEADER = "X-Api-Key";
    public static final String SECRET_ENV = "STRIPE_SECRET_KEY";
    static final String AUTHORIZATION = "Authorization";
    private static final String TOKEN_PREFIX = "Bearer ";
}
""", negative=True)
    add("neg/b7/infra/main.tf", "neg-terraform-refs", """provider "cloudflare" {
  api_token = var.cloudflare_api_token
}

resource "random_password" "db" {
  length  = 24
  special = true
}

resource "aws_db_instance" "orders" {
  username = "orders"
  password = random_password.db.result
}
""", negative=True)
    add("neg/infra/main.bicep", "neg-bicep", """@secure()
param adminPassword string

resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
  name: 'fabrikamlogs'
}
var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${sa.name};AccountKey=${sa.listKeys().keys[0].value}'
""", negative=True)
    add("neg/k8s/deployment.yaml", "neg-k8s-env", """          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: app-secrets
                  key: db-password
            - name: STRIPE_SECRET_KEY
              valueFrom:
                secretKeyRef: {name: stripe, key: secret-key}
""", negative=True)
    add("neg/k8s/kustomization.yaml", "neg-kustomize", """secretGenerator:
  - name: app-secrets
    envs:
      - secrets.env
    files:
      - tls.key=certs/server.key
""", negative=True)
    add("neg/db/users.sql", "neg-sql-binds", """-- passwords are set by the provisioning job
CREATE USER app_owner IDENTIFIED BY "&1";
ALTER ROLE reporting WITH PASSWORD NULL;
EXEC sp_addlinkedsrvlogin @rmtsrvname = N'ERP', @useself = N'True';
""", negative=True)
    add("neg/ops/Connect.ps1", "neg-powershell-prompt", """$cred = Get-Credential -UserName "CONTOSO\\svc_deploy" -Message "Deploy account"
$secure = Read-Host -AsSecureString "Password"
$headers = @{ "Authorization" = "Bearer $env:API_TOKEN" }
""", negative=True)
    add("neg/docs/API.md", "neg-docs-keys", """## Authentication

```bash
export OPENAI_API_KEY=<your OpenAI key>
curl -H "X-Api-Key: YOUR_API_KEY" https://api.example.com/v1/orders
```

Set `STRIPE_SECRET_KEY=sk_live_...` in your environment.
""", negative=True)
    add("neg/backup/bitwarden_encrypted.json", "neg-bitwarden-encrypted", json.dumps({
        "encrypted": True, "passwordProtected": False,
        "encKeyValidation_DO_NOT_EDIT": "2.%s|%s|%s" % (g.b64(16), g.b64(48), g.b64(32)),
        "items": [{"type": 1, "name": "2.%s|%s|%s" % (g.b64(16), g.b64(16), g.b64(32)),
                   "login": {"username": "2.%s|%s|%s" % (g.b64(16), g.b64(16), g.b64(32)),
                             "password": "2.%s|%s|%s" % (g.b64(16), g.b64(32), g.b64(32))}}]}, indent=2) + "\n",
        negative=True)
    add("neg/hosts/configuration.nix", "neg-nix", """{ config, ... }:
{
  users.users.deploy.hashedPasswordFile = config.sops.secrets.deploy-password.path;
  services.grafana.settings.security.admin_password = "$__file{/run/secrets/grafana-admin}";
}
""", negative=True)
