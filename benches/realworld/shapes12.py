"""Twelfth batch of the real-world set: data, ML, analytics, backup and automation tooling.

Written blind (committed before any scanner ran on it) from how these files look in the wild:
Kaggle `kaggle.json`, Weights & Biases (`.netrc` for api.wandb.ai, `wandb.login(key=…)`, a W&B
Server `local-` key), Hugging Face (the token file, `stored_tokens`, `huggingface-cli login` in a
notebook), Streamlit `secrets.toml`, Gradio `auth=` tuples, DVC `config.local` remotes, MLflow
tracking env, Comet / Neptune / ClearML / Prefect credentials, Great Expectations
`config_variables.yml`, Spark `spark-defaults.conf`, Jupyter server config (token, argon2
password), autorestic, restic REST URLs and password files, borgmatic, duplicity and Duplicati,
s3fs `passwd-s3fs`, `mc alias set`, Metabase env, Trino catalogs and `password.db`, ClickHouse
`users.xml`, `cqlshrc`, Neo4j `NEO4J_AUTH`, Elasticsearch clients (`basic_auth`, encoded API
keys), InfluxDB CLI configs, Looker SDK ini, `tabcmd` PATs, Scrapy settings (proxy URLs, Zyte
key), Selenium and Playwright login scripts, n8n credential exports and workflow headers, Zapier
`.zapierrc`, Bruno `.bru` requests, HTTPie sessions, Rundeck `realm.properties` and jobs, the
Tower CLI config, backup scripts (`lftp -u`, `mongodump -p`), an rsync `--password-file`, a
justfile. Negatives are the same files reading values from the environment or a secret store,
with empty values or documentation placeholders, and digests kept as verifiers (ClickHouse
`password_sha256_hex`: bare digests, which the pack's password-hash rules do not report).
"""

import base64
import json
import string

from shapes import B62, UPPER_ALNUM, without


def build_twelfth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%')

    def pw():
        return q(g.password())

    plain = g.url_password

    def human():
        words = ["Winter", "Summer", "Spring", "Welcome", "Northwind", "Tiger", "Harbor", "Falcon",
                 "Maple", "Orion", "Rocket", "Pumpkin", "Friday", "Nordic", "Copper", "Lotus"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2018, 2026)) + r.choice("!@?*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("!@") + str(r.randint(1, 99))
        return w.lower() + "-" + r.choice(["river", "stone", "cloud", "pixel", "candle"]) + "-" + str(r.randint(10, 99))

    uuid = g.uuid4

    def hf():
        return "hf_" + g.chars(string.ascii_letters, 34)

    def bcrypt():
        return g.bcrypt()

    def argon2():
        return "$argon2id$v=19$m=10240,t=10,p=8$%s$%s" % (g.b64(16).rstrip("="), g.b64(32).rstrip("="))

    def influx_token():
        return g.b64url(86) + "=="

    # ================================================================ ML platforms
    key = g.hex(32)
    add("home/ds/.kaggle/kaggle.json", "kaggle-json",
        json.dumps({"username": "mkowalski" + str(r.randint(1, 99)), "key": key}) + "\n", [key])

    key = g.hex(40)
    add("home/ds/.netrc", "wandb-netrc", f"""machine api.wandb.ai
  login user
  password {key}
""", [key])

    k1, k2 = g.hex(40), "local-" + g.hex(40)
    add("train/train_resnet.py", "wandb-python", f"""import os
import torch
import wandb

# TODO move to env before open-sourcing
wandb.login(key="{k1}")

run = wandb.init(project="resnet-ablation", entity="vision-lab", config={{"lr": 3e-4, "epochs": 90}})


def log_to_onprem():
    os.environ["WANDB_BASE_URL"] = "https://wandb.ml.northwind-apps.com"
    os.environ["WANDB_API_KEY"] = "{k2}"
""", [k1, k2])

    t1 = hf()
    add("home/ds/.cache/huggingface/token", "hf-token-file", t1, [t1])

    t1, t2 = hf(), hf()
    add("home/ds/.cache/huggingface/stored_tokens", "hf-stored-tokens", f"""[default]
hf_token = {t1}

[org-write]
hf_token = {t2}
""", [t1, t2])

    t1 = hf()
    nb = {"cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": [f"!huggingface-cli login --token {t1} --add-to-git-credential\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["from datasets import load_dataset\n", "ds = load_dataset(\"vision-lab/defects-v2\")\n"]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4, "nbformat_minor": 5}
    add("notebooks/01-finetune.ipynb", "hf-cli-login-notebook", json.dumps(nb, indent=1) + "\n", [t1])

    p1, k1 = pw(), "sk-proj-" + g.b64url(58) + "T3BlbkFJ" + g.b64url(58)
    add("dashboard/.streamlit/secrets.toml", "streamlit-secrets", f"""# .streamlit/secrets.toml
openai_api_key = "{k1}"

[connections.postgresql]
dialect = "postgresql"
host = "analytics-pg.northwind-apps.com"
port = "5432"
database = "warehouse"
username = "streamlit_ro"
password = "{p1}"
""", [k1, p1])

    p1, p2 = human(), pw()
    add("apps/labeler/app.py", "gradio-auth", f"""import gradio as gr

from labeler.ui import build_ui

demo = build_ui()

if __name__ == "__main__":
    demo.queue().launch(
        server_name="0.0.0.0",
        auth=[("annotator", "{p1}"), ("admin", "{p2}")],
        auth_message="Labeling tool - internal only",
    )
""", [p1, p2])

    ak, sk, p1 = g.aws_key_id(), g.aws_secret(), pw()
    add("ml-pipeline/.dvc/config.local", "dvc-config-local", f"""['remote "storage"']
    access_key_id = {ak}
    secret_access_key = {sk}
['remote "nas"']
    url = webdavs://nas.vision-lab.io/remote.php/dav/files/dvc/datasets
    user = dvc
    password = {p1}
""", [ak, sk, p1])

    p1, t1 = pw(), g.alnum(40)
    add("mlops/.env", "mlflow-env", f"""MLFLOW_TRACKING_URI=https://mlflow.vision-lab.io
MLFLOW_TRACKING_USERNAME=ci-bot
MLFLOW_TRACKING_PASSWORD={p1}
MLFLOW_S3_ENDPOINT_URL=https://minio.vision-lab.io
DATABRICKS_HOST=https://adb-5127741925417712.12.azuredatabricks.net
""", [p1])

    k1 = g.alnum(25)
    add("experiments/tabular/run_xgb.py", "comet-python", f"""from comet_ml import Experiment
import xgboost as xgb

experiment = Experiment(
    api_key="{k1}",
    project_name="churn-xgb",
    workspace="growth-ds",
)
""", [k1])

    tok = base64.b64encode(json.dumps({"api_address": "https://app.neptune.ai",
                                       "api_url": "https://app.neptune.ai",
                                       "api_key": uuid()}).encode()).decode()
    add("experiments/nlp/train.py", "neptune-python", f"""import neptune

run = neptune.init_run(
    project="nlp-team/intent-classifier",
    api_token="{tok}",
    tags=["distilbert", "v3"],
)
""", [tok])

    ak, sk = g.chars(UPPER_ALNUM, 30), g.chars(B62 + "!#*()-_$&", 50).replace("$", "_").replace("&", "-")
    add("home/ds/clearml.conf", "clearml-conf", f"""api {{
    web_server: https://app.clear.ml
    api_server: https://api.clear.ml
    files_server: https://files.clear.ml
    credentials {{
        "access_key" = "{ak}"
        "secret_key" = "{sk}"
    }}
}}
sdk {{
    development {{
        default_output_uri: "s3://vision-lab-clearml/artifacts"
    }}
}}
""", [ak, sk])

    k1 = "pnu_" + g.alnum(36)
    add("flows/deploy.sh", "prefect-shell", f"""#!/usr/bin/env bash
set -euo pipefail
prefect cloud login --key {k1} --workspace "growth-ds/production"
prefect deploy --all
""", [k1])

    p1, p2 = pw(), human()
    add("great_expectations/uncommitted/config_variables.yml", "gx-config-variables", f"""# This config file supports variable substitution
warehouse_creds:
  drivername: postgresql
  host: dwh.northwind-apps.com
  port: '5432'
  username: gx_reader
  password: {p1}
  database: analytics
snowflake_pass: {p2}
""", [p1, p2])

    ak, sk = g.aws_key_id(), g.aws_secret()
    add("spark/conf/spark-defaults.conf", "spark-defaults", f"""spark.master                     yarn
spark.eventLog.enabled           true
spark.eventLog.dir               s3a://vision-lab-spark/logs
spark.hadoop.fs.s3a.access.key   {ak}
spark.hadoop.fs.s3a.secret.key   {sk}
spark.serializer                 org.apache.spark.serializer.KryoSerializer
""", [ak, sk])

    t1, h1 = g.hex(48), argon2()
    add("home/ds/.jupyter/jupyter_server_config.py", "jupyter-server-config", f"""# Configuration file for jupyter-server.
c = get_config()  # noqa

c.ServerApp.ip = "0.0.0.0"
c.ServerApp.open_browser = False
c.ServerApp.token = "{t1}"
c.PasswordIdentityProvider.hashed_password = "argon2:{h1}"
""", [t1, h1])

    # ================================================================ backup tooling
    k1, ak, sk = g.b64url(32), g.chars("0123456789abcdef", 25), "K00" + g.chars(B62, 28)
    add("home/ops/.autorestic.yml", "autorestic-yml", f"""version: 2
locations:
  home:
    from: /home
    to: [b2]
    cron: '0 3 * * *'
backends:
  b2:
    type: b2
    path: 'nas-backups:home'
    key: {k1}
    env:
      B2_ACCOUNT_ID: {ak}
      B2_ACCOUNT_KEY: {sk}
""", [k1, sk])

    p1, p2 = plain(), human()
    add("usr/local/sbin/restic-rest.sh", "restic-rest-url", f"""#!/bin/sh
export RESTIC_REPOSITORY="rest:https://backup:{p1}@restic.northwind-apps.com:8000/backup/"
export RESTIC_PASSWORD='{p2}'
restic backup --one-file-system /etc /srv /home
restic forget --keep-daily 7 --keep-weekly 5 --prune
""", [p1, p2])

    p1 = g.alnum(32)
    add("etc/restic/password.txt", "restic-password-file", p1 + "\n", [p1])

    p1 = human() + " " + r.choice(["orbit", "velvet", "glacier"]) + " " + r.choice(["tango", "quartz", "ember"])
    add("etc/borgmatic/config.yaml", "borgmatic-config", f"""source_directories:
    - /home
    - /etc
repositories:
    - path: ssh://u318274@u318274.your-storagebox.de:23/./backups/web01
      label: storagebox
encryption_passphrase: "{p1}"
keep_daily: 7
keep_weekly: 4
""", [p1])

    p1, p2 = pw(), plain()
    add("root/bin/duplicity-backup.sh", "duplicity-script", f"""#!/bin/bash
export PASSPHRASE="{p1}"
export FTP_PASSWORD={p2}
duplicity --full-if-older-than 1M /var/www sftp://backup@files.contoso-hosting.net/duplicity/www
unset PASSPHRASE FTP_PASSWORD
""", [p1, p2])

    p1, p2 = pw(), plain()
    add("ops/duplicati/nightly.cmd", "duplicati-cli", f"""@echo off
"C:\\Program Files\\Duplicati 2\\Duplicati.CommandLine.exe" backup "ftp://nas01.corp.fabrikam.org/backups/fileserver?auth-username=dupl&auth-password={p2}" "D:\\Shares\\" --passphrase="{p1}" --backup-name="FileServer nightly" --dblock-size=200MB
""", [p1, p2])

    ak, sk = g.aws_key_id(), g.aws_secret()
    add("etc/passwd-s3fs", "s3fs-passwd", f"{ak}:{sk}\n", [sk])

    ak, sk = g.alnum(20), g.alnum(40)
    add("scripts/setup-minio-alias.sh", "mc-alias-set", f"""#!/usr/bin/env bash
# one-time setup on the build agents
mc alias set lab https://s3.vision-lab.io {ak} {sk} --api S3v4
mc mb --ignore-existing lab/datasets
""", [sk])

    p1 = pw()

    # ================================================================ analytics servers
    p1, k1 = pw(), g.b64(24)
    add("infra/metabase/metabase.env", "metabase-env", f"""MB_DB_TYPE=postgres
MB_DB_DBNAME=metabaseappdb
MB_DB_PORT=5432
MB_DB_USER=metabase
MB_DB_PASS={p1}
MB_DB_HOST=pg-bi.internal
MB_ENCRYPTION_SECRET_KEY={k1}
MB_SITE_URL=https://bi.northwind-apps.com
""", [p1, k1])

    p1 = pw()
    add("trino/etc/catalog/orders.properties", "trino-catalog", f"""connector.name=postgresql
connection-url=jdbc:postgresql://orders-replica.northwind-apps.com:5432/orders
connection-user=trino
connection-password={p1}
""", [p1])

    h1, h2 = bcrypt(), bcrypt()
    add("trino/etc/password.db", "trino-password-db", f"""analyst:{h1}
etl_svc:{h2}
""", [h1, h2])

    p1, p2 = pw(), human()
    add("clickhouse/users.d/users.xml", "clickhouse-users-xml", f"""<clickhouse>
    <users>
        <etl>
            <password>{p1}</password>
            <networks><ip>10.0.0.0/8</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </etl>
        <grafana>
            <password>{p2}</password>
            <profile>readonly</profile>
        </grafana>
    </users>
</clickhouse>
""", [p1, p2])

    p1 = pw()
    add("home/ops/.cassandra/cqlshrc", "cqlshrc", f"""[authentication]
username = ops_admin
password = {p1}

[connection]
hostname = cass-01.dc1.internal
port = 9042
ssl = true
""", [p1])

    p1 = plain()
    add("graph/docker-compose.yml", "neo4j-auth-compose", f"""services:
  neo4j:
    image: neo4j:5.18-enterprise
    environment:
      NEO4J_AUTH: neo4j/{p1}
      NEO4J_ACCEPT_LICENSE_AGREEMENT: "yes"
    ports: ["7474:7474", "7687:7687"]
""", [p1])

    p1 = pw()
    kid, kv = g.b64url(20), g.b64url(22)
    enc = base64.b64encode((kid + ":" + kv).encode()).decode()
    add("search/indexer/es_client.py", "elasticsearch-client", f"""from elasticsearch import Elasticsearch

es = Elasticsearch(
    "https://es-prod.northwind-apps.com:9200",
    basic_auth=("elastic", "{p1}"),
    request_timeout=30,
)

cloud = Elasticsearch(
    cloud_id="prod-search:ZXUtd2VzdC0xLmF3cy5mb3VuZC5pbyQ0ZmE4ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5NyQ0ZmE4ODIxZTc1NjM0MDMyYmVkMWNmMjIxMTBlMmY5Ng==",
    api_key="{enc}",
)
""", [p1, enc])

    t1 = influx_token()
    add("home/ops/.influxdbv2/configs", "influx-cli-configs", f"""[default]
  url = "https://influx.iot.northwind-apps.com"
  token = "{t1}"
  org = "plant-ops"
  active = true
""", [t1])

    cid, cs = g.alnum(20), g.alnum(24)
    add("bi-tools/looker.ini", "looker-ini", f"""[Looker]
base_url=https://northwind.cloud.looker.com
client_id={cid}
client_secret={cs}
verify_ssl=True
""", [cs])

    tv = g.b64(16) + ":" + g.alnum(32)
    add("bi-tools/refresh_extracts.sh", "tabcmd-pat", f"""#!/bin/bash
tabcmd login -s https://tableau.northwind-apps.com --token-name extract-refresh --token-value "{tv}"
tabcmd refreshextracts --datasource "Orders Daily"
tabcmd logout
""", [tv])

    # ================================================================ scraping / browser automation
    p1, z1 = plain(), g.hex(32)
    add("crawler/crawler/settings.py", "scrapy-settings", f"""BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
ROBOTSTXT_OBEY = False
CONCURRENT_REQUESTS = 16

ROTATING_PROXY_LIST = [
    "http://scraper-user:{p1}@gate.smartproxy.com:7000",
]

ADDONS = {{"scrapy_zyte_api.Addon": 500}}
ZYTE_API_KEY = "{z1}"
""", [p1, z1])

    p1 = human()
    add("qa/e2e/test_login.py", "selenium-login", f"""from selenium import webdriver
from selenium.webdriver.common.by import By


def test_admin_login():
    driver = webdriver.Chrome()
    driver.get("https://portal.northwind-apps.com/login")
    driver.find_element(By.ID, "username").send_keys("qa.admin@northwind-apps.com")
    driver.find_element(By.ID, "password").send_keys("{p1}")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
""", [p1])

    p1, p2 = human(), pw()
    add("qa/playwright/tests/auth.setup.ts", "playwright-login", f"""import {{ test as setup, expect }} from '@playwright/test';

const authFile = 'playwright/.auth/user.json';

setup('authenticate', async ({{ page }}) => {{
  await page.goto('https://app.fabrikam.org/login');
  await page.getByLabel('Email').fill('e2e-runner@fabrikam.org');
  await page.getByLabel('Password').fill('{p1}');
  await page.getByRole('button', {{ name: 'Sign in' }}).click();
  await expect(page.getByText('Dashboard')).toBeVisible();
  await page.context().storageState({{ path: authFile }});
}});

setup('vendor portal', async ({{ page }}) => {{
  await page.goto('https://vendors.fabrikam.org/');
  await page.fill('#user', 'purchasing');
  await page.fill('#pass', '{p2}');
  await page.click('text=Log in');
}});
""", [p1, p2])

    # ================================================================ automation platforms
    p1, t1 = pw(), "xoxb-%d-%d-%s" % (r.randint(10**10, 10**12), r.randint(10**12, 10**13), g.alnum(24))
    add("n8n/backup/credentials.json", "n8n-credentials-export", json.dumps([
        {"id": "7", "name": "Postgres prod", "type": "postgres",
         "data": {"host": "pg-main.internal", "database": "crm", "user": "n8n", "password": p1,
                  "port": 5432, "ssl": "disable"}},
        {"id": "12", "name": "Slack bot", "type": "slackApi", "data": {"accessToken": t1}},
    ], indent=2) + "\n", [p1, t1])

    k1 = g.alnum(32)
    add("n8n/workflows/sync-invoices.json", "n8n-workflow-header", json.dumps({
        "name": "Sync invoices", "nodes": [
            {"parameters": {"url": "https://api.billingly.io/v2/invoices", "sendHeaders": True,
                            "headerParameters": {"parameters": [{"name": "X-API-Key", "value": k1}]},
                            "options": {}},
             "id": uuid(), "name": "HTTP Request", "type": "n8n-nodes-base.httpRequest",
             "typeVersion": 4.1, "position": [620, 300]}],
        "connections": {}, "active": True}, indent=2) + "\n", [k1])

    k1 = g.hex(32)
    add("zapier-app/.zapierrc", "zapierrc", json.dumps({"deployKey": k1}) + "\n", [k1])

    t1 = g.alnum(40)
    add("api-collections/orders/Create order.bru", "bruno-request", f"""meta {{
  name: Create order
  type: http
  seq: 2
}}

post {{
  url: https://api.northwind-apps.com/v1/orders
  body: json
  auth: bearer
}}

auth:bearer {{
  token: {t1}
}}
""", [t1])

    p1 = pw()
    add("home/dev/.config/httpie/sessions/grafana.fabrikam.org/admin.json", "httpie-session-basic", json.dumps({
        "__meta__": {"about": "HTTPie session file", "httpie": "3.2.2"},
        "auth": {"raw_auth": "admin:" + p1, "type": "basic"},
        "cookies": [], "headers": []}, indent=4) + "\n", [p1])

    p1, p2 = pw(), human()
    add("rundeck/server/config/realm.properties", "rundeck-realm", f"""# username:password,role1,role2
admin:{p1},user,admin
deployer:{p2},user,deploy
""", [p1, p2])

    t1, p1 = g.alnum(32), pw()
    add("rundeck/jobs/db-restore.yaml", "rundeck-job-yaml", f"""- defaultTab: nodes
  description: Restore staging DB from last night
  executionEnabled: true
  name: db-restore-staging
  nodeFilterEditable: false
  sequence:
    commands:
    - exec: PGPASSWORD='{p1}' pg_restore -h pg-staging.internal -U restore -d app /backups/app.dump
    - exec: curl -s -X POST -H 'X-Rundeck-Auth-Token: {t1}' https://rundeck.internal/api/45/job/8d1e/run
    keepgoing: false
""", [p1, t1])

    p1 = pw()
    add("home/ops/.tower_cli.cfg", "tower-cli-cfg", f"""[general]
host = https://awx.northwind-apps.com
username = automation
password = {p1}
verify_ssl = true
""", [p1])

    # ================================================================ backup scripts and task runners
    p1, p2 = plain(), pw()
    add("ops/backup/offsite.sh", "lftp-mirror", f"""#!/bin/bash
DATE=$(date +%F)
tar czf /backup/www-$DATE.tgz /var/www
lftp -u backup,{p1} sftp://storage.contoso-hosting.net -e "mirror -R /backup /offsite; bye"
mongodump --host mongo-01.internal --port 27017 -u backup -p '{p2}' --authenticationDatabase admin --gzip --archive=/backup/mongo-$DATE.gz
""", [p1, p2])

    p1 = plain()
    add("etc/rsync.pass", "rsync-password-file", p1 + "\n", [p1])

    u1, t1 = plain(), "glpat-" + g.chars(B62 + "-_", 20)
    add("justfile", "justfile", f"""set dotenv-load

export DATABASE_URL := "postgres://app:{u1}@localhost:5432/app_dev"
registry_token := "{t1}"

migrate:
    sqlx migrate run

push:
    docker login registry.gitlab.com -u deploy -p {{{{registry_token}}}}
    docker push registry.gitlab.com/northwind/app:latest
""", [u1, t1])

    # ================================================================ negatives
    add("neg/home/ds/.kaggle/README.md", "neg-ml-docs", """# Kaggle and Hugging Face setup

Create `~/.kaggle/kaggle.json`:

```json
{"username": "<your-kaggle-username>", "key": "<your-kaggle-api-key>"}
```

Then log in to the Hub with `huggingface-cli login --token hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`
or set `HF_TOKEN=<your token>` and `WANDB_API_KEY=your-wandb-key-here`.
""", negative=True)

    add("neg/train/train.py", "neg-ml-env", """import os

import wandb
from huggingface_hub import login
from comet_ml import Experiment

login(token=os.environ["HF_TOKEN"])
wandb.login(key=os.getenv("WANDB_API_KEY"))
experiment = Experiment(api_key=os.environ.get("COMET_API_KEY"), project_name="churn-xgb")
run_id = "3f9b2c1d7e8a4b6c9d0e1f2a3b4c5d6e"
""", negative=True)

    add("neg/dashboard/.streamlit/secrets.toml", "neg-streamlit-secrets", """# Fill in locally; never commit real values
openai_api_key = ""

[connections.postgresql]
dialect = "postgresql"
host = "localhost"
port = "5432"
database = "warehouse"
username = "streamlit_ro"
password = ""
""", negative=True)

    add("neg/ml-pipeline/.dvc/config", "neg-dvc-config", """[core]
    remote = storage
['remote "storage"']
    url = s3://vision-lab-dvc/store
    profile = ml-datasets
    credentialpath = ~/.aws/credentials
""", negative=True)

    add("neg/etc/borgmatic/config.yaml", "neg-backup-secret-store", """source_directories:
    - /home
repositories:
    - path: ssh://backup@nas.internal/./web01
encryption_passcommand: pass show infra/borg/web01
""", negative=True)

    add("neg/usr/local/sbin/restic-b2.sh", "neg-restic-env-refs", """#!/bin/sh
export RESTIC_REPOSITORY="b2:nas-backups:web01"
export RESTIC_PASSWORD_FILE=/etc/restic/password.txt
export B2_ACCOUNT_ID="$(cat /etc/restic/b2-id)"
export B2_ACCOUNT_KEY="$(cat /etc/restic/b2-key)"
restic backup /srv
""", negative=True)

    add("neg/trino/etc/catalog/orders.properties", "neg-trino-catalog", """connector.name=postgresql
connection-url=jdbc:postgresql://orders-replica.internal:5432/orders
connection-user=trino
connection-password=${ENV:ORDERS_DB_PASSWORD}
""", negative=True)

    d1, d2 = g.hex(64), g.hex(40)
    add("neg/clickhouse/users.d/users.xml", "neg-clickhouse-hashed", f"""<clickhouse>
    <users>
        <etl>
            <password_sha256_hex>{d1}</password_sha256_hex>
            <networks><ip>10.0.0.0/8</ip></networks>
        </etl>
        <grafana>
            <password_double_sha1_hex>{d2}</password_double_sha1_hex>
            <profile>readonly</profile>
        </grafana>
        <default>
            <password></password>
        </default>
    </users>
</clickhouse>
""", negative=True)

    fp = ":".join(g.hex(2).upper() for _ in range(32))
    add("neg/search/indexer/es_client.py", "neg-elasticsearch-env", f"""import os

from elasticsearch import Elasticsearch

es = Elasticsearch(
    os.environ["ES_URL"],
    basic_auth=("elastic", os.environ["ELASTIC_PASSWORD"]),
    ssl_assert_fingerprint="{fp}",
)
""", negative=True)

    add("neg/n8n/workflows/sync-invoices.json", "neg-n8n-workflow", json.dumps({
        "name": "Sync invoices", "nodes": [
            {"parameters": {"url": "https://api.billingly.io/v2/invoices", "authentication": "genericCredentialType",
                            "genericAuthType": "httpHeaderAuth", "options": {}},
             "id": uuid(), "name": "HTTP Request", "type": "n8n-nodes-base.httpRequest",
             "webhookId": uuid(), "typeVersion": 4.1, "position": [620, 300],
             "credentials": {"httpHeaderAuth": {"id": "3", "name": "Billingly API key"}}}],
        "connections": {}, "active": True, "versionId": uuid()}, indent=2) + "\n", negative=True)

    add("neg/rundeck/jobs/db-restore.yaml", "neg-rundeck-options", """- name: db-restore-staging
  options:
  - name: db_password
    secure: true
    valueExposed: false
    storagePath: keys/project/staging/db_password
  sequence:
    commands:
    - exec: PGPASSWORD="${option.db_password}" pg_restore -h pg-staging.internal -U restore -d app /backups/app.dump
""", negative=True)
