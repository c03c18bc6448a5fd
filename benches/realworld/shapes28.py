"""Twenty-eighth batch of the real-world set: credentials quoted, escaped, nested and in name/value
pairs.

Written blind (committed before any scanner ran on it) from the documented formats of the tools
whose files hold credentials one level down: JSON inside a JSON string (AWS Secrets Manager
`SecretString`, Terraform state `secret_string`, Step Functions `Input`, application logs with an
escaped payload, a container log that escapes it twice), name/value pairs where the name and the
value are two fields (ECS task definitions, `kubectl get -o json` env lists, Azure App Service
`appSettings`, `az webapp config appsettings list`, ARM parameter files, GitHub and GitLab
variable API output, Jenkins parameter definitions, CloudFormation `ParameterKey`/`ParameterValue`
on the command line, Azure DevOps variable groups, Octopus variable sets, SSM `get-parameters`,
Consul KV exports with base64 values, JSON Patch operations, SSIS `.dtsConfig`, HTML form fields,
SQL `settings` rows, CSV key/value exports, Argo Workflows parameters), and escapes and encodings
(percent-encoded passwords in URIs and form bodies, XML/HTML entities around and inside values,
shell `'\\''` quoting, Java and C# string escapes, YAML flow maps, `.properties` `\\:`/`\\=` escapes
and continuations, PowerShell here-strings and backtick escapes, `.reg` exports, SQL doubled
quotes, heredocs writing config files from shell scripts and Dockerfiles, base64 of JSON in a
Kubernetes Secret, `SPRING_APPLICATION_JSON`, Ansible `--extra-vars` JSON). Negatives are the same
shapes with references (`valueFrom`, `secretKeyRef`, `{{resolve:…}}`, `@Microsoft.KeyVault(…)`,
`${{ secrets.X }}`, Octopus `#{…}`), empty and masked values, placeholders and hashes.
"""

import base64
import json
import urllib.parse

from shapes import B62, without


def build_twentyeighth(g, add):
    r = g.r

    def pw():
        """A password that survives every quoting of this batch unescaped."""
        return without(g.password(), '\'"\\`$<>&#%;, =:@/?')

    def human():
        w = "".join(r.choice(["mar", "tel", "vo", "rik", "san", "dra", "lu", "pen", "ost", "ka"])
                    for _ in range(3))
        return w.capitalize() + str(r.randint(10, 999)) + r.choice("!#*?")

    def b64(s):
        return base64.b64encode(s.encode()).decode()

    # ================================================================ JSON inside a JSON string
    p1 = pw()
    inner = json.dumps({"username": "orders_app", "password": p1, "engine": "postgres",
                        "host": "orders-prod.cluster-c8x1.eu-west-1.rds.amazonaws.com",
                        "port": 5432, "dbname": "orders"}, separators=(",", ":"))
    add("ops/incidents/2024-03-db-rotation/get-secret-value.json", "secretsmanager-secretstring-cli",
        json.dumps({"ARN": "arn:aws:secretsmanager:eu-west-1:418265370912:secret:prod/orders/db-Yq3vZk",
                    "Name": "prod/orders/db", "VersionId": g.uuid4(), "SecretString": inner,
                    "VersionStages": ["AWSCURRENT"], "CreatedDate": "2024-03-11T09:14:52.311000+01:00"},
                   indent=4) + "\n", [p1])

    a1, p2 = g.alnum(40), pw()
    inner = json.dumps({"api_key": a1, "db_password": p2})
    state = {"version": 4, "terraform_version": "1.6.6", "serial": 41, "lineage": g.uuid4(),
             "outputs": {}, "resources": [
                 {"mode": "managed", "type": "aws_secretsmanager_secret", "name": "billing",
                  "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                  "instances": [{"schema_version": 0, "attributes": {
                      "arn": "arn:aws:secretsmanager:us-east-1:418265370912:secret:billing-x1Ab9Q",
                      "name": "billing/app", "recovery_window_in_days": 30}}]},
                 {"mode": "managed", "type": "aws_secretsmanager_secret_version", "name": "billing",
                  "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                  "instances": [{"schema_version": 0, "attributes": {
                      "arn": "arn:aws:secretsmanager:us-east-1:418265370912:secret:billing-x1Ab9Q",
                      "secret_binary": "", "secret_string": inner, "version_id": g.uuid4(),
                      "version_stages": ["AWSCURRENT"]},
                      "sensitive_attributes": [[{"type": "get_attr", "value": "secret_string"}]]}]}]}
    add("infra/billing/terraform.tfstate.backup", "tfstate-secret-string-json", json.dumps(state, indent=2) + "\n",
        [a1, p2])

    p1 = pw()
    add("infra/cfn/db-secret.yaml", "cfn-secret-yaml-inline-json", f"""AWSTemplateFormatVersion: '2010-09-09'
Description: Reporting database credentials (imported from the old account)

Resources:
  ReportingDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: reporting/db
      Description: master login for the reporting replica
      SecretString: '{{"username":"reporting_admin","password":"{p1}"}}'
      Tags:
        - Key: team
          Value: data
""", [p1])

    t1 = g.alnum(48)
    sfn = {"Comment": "Nightly partner export", "StartAt": "Export", "States": {
        "Export": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "partner-export",
                                  "Payload": json.dumps({"partner": "ridgeway", "api_token": t1})},
                   "End": True}}}
    add("workflows/partner-export.asl.json", "stepfunctions-escaped-payload", json.dumps(sfn, indent=2) + "\n", [t1])

    p1, k1 = pw(), g.hex(32)
    line = json.dumps({"ts": "2024-05-02T07:41:13.902Z", "level": "debug", "logger": "config",
                       "msg": "loaded remote config",
                       "payload": json.dumps({"smtp_host": "smtp.fabrikam.org", "smtp_password": p1,
                                              "maps_api_key": k1, "retries": 3})})
    add("logs/api/app-2024-05-02.jsonl", "log-escaped-json-payload",
        json.dumps({"ts": "2024-05-02T07:41:13.611Z", "level": "info", "msg": "starting", "pid": 7}) + "\n"
        + line + "\n"
        + json.dumps({"ts": "2024-05-02T07:41:14.002Z", "level": "info", "msg": "listening", "port": 8080}) + "\n",
        [p1, k1])

    p1 = pw()
    app = json.dumps({"level": "warn", "msg": "retrying connect", "dsn_params": json.dumps(
        {"user": "ledger", "password": p1, "sslmode": "require"})})
    docker_line = json.dumps({"log": app + "\n", "stream": "stderr", "time": "2024-06-18T22:03:51.118Z"})
    add("support/bundle/containers/ledger-7f9c/ledger-7f9c-json.log", "docker-log-double-escaped",
        json.dumps({"log": "boot ok\n", "stream": "stdout", "time": "2024-06-18T22:03:50.004Z"}) + "\n"
        + docker_line + "\n", [p1])

    # ================================================================ name / value pairs
    p1, s1 = pw(), g.alnum(32)
    td = {"family": "checkout-api", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
          "containerDefinitions": [{
              "name": "api", "image": "418265370912.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:1.42.0",
              "essential": True, "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
              "environment": [{"name": "SPRING_PROFILES_ACTIVE", "value": "prod"},
                              {"name": "DB_PASSWORD", "value": p1},
                              {"name": "PAYMENT_WEBHOOK_SECRET", "value": s1},
                              {"name": "LOG_LEVEL", "value": "info"}]}]}
    add("deploy/ecs/checkout-api-taskdef.json", "ecs-taskdef-environment", json.dumps(td, indent=2) + "\n", [p1, s1])

    t1 = g.alnum(40)
    add("infra/ecs/worker.tf", "terraform-ecs-jsonencode-env", f"""resource "aws_ecs_task_definition" "worker" {{
  family                   = "queue-worker"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([
    {{
      name      = "worker"
      image     = "${{aws_ecr_repository.worker.repository_url}}:latest"
      essential = true
      environment = [
        {{ name = "QUEUE_URL", value = aws_sqs_queue.jobs.url }},
        {{ name = "PARTNER_API_TOKEN", value = "{t1}" }},
      ]
    }}
  ])
}}
""", [t1])

    p1 = pw()
    add("k8s/cronjobs/report-mailer.yaml", "k8s-env-flow-maps", f"""apiVersion: batch/v1
kind: CronJob
metadata:
  name: report-mailer
spec:
  schedule: "0 6 * * 1"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: mailer
              image: registry.fabrikam.org/report-mailer:2.3
              env:
                - {{name: SMTP_HOST, value: smtp.fabrikam.org}}
                - {{name: SMTP_USER, value: reports}}
                - {{name: SMTP_PASSWORD, value: "{p1}"}}
""", [p1])

    p1, t1 = pw(), g.alnum(36)
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "search-indexer-6d5f9-x2kqp", "namespace": "search"},
           "spec": {"containers": [{"name": "indexer", "image": "registry.fabrikam.org/indexer:5.1",
                                    "env": [{"name": "ES_URL", "value": "https://es.search.svc:9200"},
                                            {"name": "ES_PASSWORD", "value": p1},
                                            {"name": "CRAWLER_TOKEN", "value": t1}]}]}}
    add("debug/search-indexer-pod.json", "kubectl-pod-json-env", json.dumps(pod, indent=4) + "\n", [p1, t1])

    acct, k1, s1 = "stfabrikamprod01", g.b64(64), g.alnum(34)
    arm = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
           "contentVersion": "1.0.0.0", "resources": [{
               "type": "Microsoft.Web/sites", "apiVersion": "2022-09-01", "name": "fabrikam-portal",
               "location": "westeurope", "properties": {"siteConfig": {"appSettings": [
                   {"name": "WEBSITE_RUN_FROM_PACKAGE", "value": "1"},
                   {"name": "StorageConnection",
                    "value": "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s;EndpointSuffix=core.windows.net" % (acct, k1)},
                   {"name": "AzureAd__ClientSecret", "value": s1}]}}}]}
    add("infra/arm/portal-site.json", "arm-appsettings-array", json.dumps(arm, indent=2) + "\n", [k1, s1])

    p1 = pw()
    out = [{"name": "APPINSIGHTS_INSTRUMENTATIONKEY", "slotSetting": False, "value": g.uuid4()},
           {"name": "DB_PASSWORD", "slotSetting": True, "value": p1},
           {"name": "WEBSITE_NODE_DEFAULT_VERSION", "slotSetting": False, "value": "~18"}]
    add("notes/appsettings-dump.json", "az-appsettings-list-output", json.dumps(out, indent=2) + "\n", [p1])

    p1, p2 = human(), pw()
    add("infra/arm/sqlserver.parameters.json", "arm-parameters-value-objects", f"""{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {{
    "serverName": {{ "value": "sql-fabrikam-prod" }},
    "administratorLogin": {{ "value": "sqladmin" }},
    "administratorLoginPassword": {{ "value": "{p1}" }},
    "vmAdminPassword": {{
      "value": "{p2}"
    }}
  }}
}}
""", [p1, p2])

    p1 = pw()
    add("infra/webapp/main.tf", "terraform-app-settings-map", f"""resource "azurerm_linux_web_app" "portal" {{
  name                = "fabrikam-portal"
  resource_group_name = azurerm_resource_group.web.name
  location            = azurerm_resource_group.web.location
  service_plan_id     = azurerm_service_plan.web.id

  site_config {{}}

  app_settings = {{
    "WEBSITE_RUN_FROM_PACKAGE" = "1"
    "DB_HOST"                  = "sql-fabrikam-prod.database.windows.net"
    "DB_PASSWORD"              = "{p1}"
  }}
}}
""", [p1])

    s1 = g.alnum(40)
    add("infra/lambda/thumbnailer.tf", "terraform-lambda-environment-variables", f"""resource "aws_lambda_function" "thumbnailer" {{
  function_name = "thumbnailer"
  role          = aws_iam_role.thumbnailer.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "build/thumbnailer.zip"

  environment {{
    variables = {{
      BUCKET        = aws_s3_bucket.media.id
      CDN_SIGNING_SECRET = "{s1}"
    }}
  }}
}}
""", [s1])

    t1 = g.alnum(40)
    gh = {"total_count": 2, "variables": [
        {"name": "DEPLOY_ENV", "value": "production", "created_at": "2024-01-09T10:11:12Z", "updated_at": "2024-01-09T10:11:12Z"},
        {"name": "REGISTRY_TOKEN", "value": t1, "created_at": "2024-02-21T16:40:03Z", "updated_at": "2024-04-02T08:12:55Z"}]}
    add("scripts/ci/variables-backup.json", "github-actions-variables-api", json.dumps(gh, indent=2) + "\n", [t1])

    p1 = pw()
    gl = [{"variable_type": "env_var", "key": "STAGING_DB_PASSWORD", "value": p1, "protected": False,
           "masked": False, "raw": False, "environment_scope": "*"}]
    add("tools/gitlab/project-vars.json", "gitlab-variables-api", json.dumps(gl) + "\n", [p1])

    t1 = g.hex(34)
    add("jenkins/jobs/deploy-api/config.xml", "jenkins-string-parameter-default", f"""<?xml version='1.1' encoding='UTF-8'?>
<project>
  <description>Deploys the API to the selected environment</description>
  <properties>
    <hudson.model.ParametersDefinitionProperty>
      <parameterDefinitions>
        <hudson.model.StringParameterDefinition>
          <name>TARGET_ENV</name>
          <defaultValue>staging</defaultValue>
          <trim>true</trim>
        </hudson.model.StringParameterDefinition>
        <hudson.model.StringParameterDefinition>
          <name>ARTIFACTORY_API_TOKEN</name>
          <description>token used to pull the build</description>
          <defaultValue>{t1}</defaultValue>
          <trim>true</trim>
        </hudson.model.StringParameterDefinition>
      </parameterDefinitions>
    </hudson.model.ParametersDefinitionProperty>
  </properties>
  <builders>
    <hudson.tasks.Shell>
      <command>./deploy.sh "$TARGET_ENV"</command>
    </hudson.tasks.Shell>
  </builders>
</project>
""", [t1])

    p1 = pw()
    add("scripts/cfn/create-db-stack.sh", "cfn-cli-parameterkey-shorthand", f"""#!/bin/sh
set -e
aws cloudformation create-stack \\
  --stack-name reporting-db \\
  --template-body file://rds.yaml \\
  --parameters ParameterKey=DBInstanceClass,ParameterValue=db.r6g.large \\
               ParameterKey=MasterUsername,ParameterValue=rpt_admin \\
               ParameterKey=MasterUserPassword,ParameterValue={p1} \\
  --capabilities CAPABILITY_IAM
""", [p1])

    p1, t1 = pw(), g.alnum(52)
    vg = [{"id": 14, "name": "release-prod", "type": "Vsts", "variables": {
        "dbPassword": {"isSecret": None, "value": p1},
        "environment": {"value": "prod"},
        "nugetFeedPat": {"value": t1}}}]
    add("pipelines/variable-groups.json", "azure-devops-variable-group", json.dumps(vg, indent=2) + "\n", [p1, t1])

    p1 = pw()
    ov = {"OwnerId": "Projects-42", "Variables": [
        {"Id": g.uuid4(), "Name": "Octopus.Action.Package.DownloadOnTentacle", "Value": "False", "Type": "String", "IsSensitive": False},
        {"Id": g.uuid4(), "Name": "Smtp.Password", "Value": p1, "Type": "String", "IsSensitive": False,
         "Scope": {"Environment": ["Environments-2"]}}]}
    add("octopus/variableset-export.json", "octopus-variable-set", json.dumps(ov, indent=2) + "\n", [p1])

    p1, k1 = pw(), g.alnum(40)
    ssm = {"Parameters": [
        {"Name": "/prod/payments/db_password", "Type": "SecureString", "Value": p1, "Version": 3,
         "LastModifiedDate": "2024-02-12T11:02:44.151000+00:00", "ARN": "arn:aws:ssm:eu-west-1:418265370912:parameter/prod/payments/db_password", "DataType": "text"},
        {"Name": "/prod/payments/psp_api_key", "Type": "SecureString", "Value": k1, "Version": 1,
         "LastModifiedDate": "2023-11-30T09:40:01.002000+00:00", "ARN": "arn:aws:ssm:eu-west-1:418265370912:parameter/prod/payments/psp_api_key", "DataType": "text"}],
        "InvalidParameters": []}
    add("runbooks/payments/ssm-get-parameters.json", "ssm-get-parameters-decrypted", json.dumps(ssm, indent=4) + "\n", [p1, k1])

    p1 = pw()
    v1 = b64(p1)
    kv = [{"key": "config/billing/db_host", "flags": 0, "value": b64("billing-db.service.consul")},
          {"key": "config/billing/db_password", "flags": 0, "value": v1}]
    add("backups/consul/kv-export.json", "consul-kv-export-base64", json.dumps(kv, indent=2) + "\n", [v1])

    p1 = pw()
    add("scripts/k8s/rotate-es.sh", "kubectl-patch-json-ops", f"""#!/usr/bin/env bash
# rotate the elastic password in the app secret (stringData is merged into data)
kubectl -n search patch secret indexer-es --type=json \\
  -p='[{{"op": "replace", "path": "/stringData/password", "value": "{p1}"}}]'
kubectl -n search rollout restart deploy/indexer
""", [p1])

    p1 = pw()
    add("etl/ssis/LoadWarehouse.dtsConfig", "ssis-dtsconfig", f"""<?xml version="1.0"?>
<DTSConfiguration>
  <DTSConfigurationHeading>
    <DTSConfigurationFileInfo GeneratedBy="CORP\\etl-dev" GeneratedFromPackageName="LoadWarehouse" GeneratedDate="3/14/2023 9:12:44 AM"/>
  </DTSConfigurationHeading>
  <Configuration ConfiguredType="Property" Path="\\Package.Connections[Staging].Properties[ServerName]" ValueType="String">
    <ConfiguredValue>sql-stg-01</ConfiguredValue>
  </Configuration>
  <Configuration ConfiguredType="Property" Path="\\Package.Connections[Staging].Properties[Password]" ValueType="String">
    <ConfiguredValue>{p1}</ConfiguredValue>
  </Configuration>
</DTSConfiguration>
""", [p1])

    k1 = g.alnum(32)
    add("legacy/www/partner/order.html", "html-hidden-input-key", f"""<!DOCTYPE html>
<html>
<head><title>Order lookup</title></head>
<body>
  <form action="https://api.ridgeway-partners.com/v1/orders" method="post">
    <input type="hidden" name="partner_id" value="3381">
    <input type="hidden" name="api_key" value="{k1}">
    <label>Order number <input type="text" name="order_no"></label>
    <button type="submit">Look up</button>
  </form>
</body>
</html>
""", [k1])

    p1 = human().replace("!", "").replace("?", "") + "'s"
    lit = p1.replace("'", "''")
    k1 = g.alnum(40)
    add("db/seed/020_settings.sql", "sql-settings-rows-doubled-quotes", f"""-- application settings (copied from prod for the staging refresh)
INSERT INTO app_settings (setting_key, setting_value, updated_by) VALUES
  ('mail.smtp.host', 'smtp.fabrikam.org', 'dba'),
  ('mail.smtp.password', '{lit}', 'dba'),
  ('geocoder.api_key', '{k1}', 'dba'),
  ('ui.theme', 'dark', 'dba');
""", [lit, k1])

    p1, t1 = pw(), g.alnum(40)
    add("exports/heroku-config.csv", "csv-key-value-quoted", f""""key","value"
"DATABASE_POOL","10"
"SMTP_PASSWORD","{p1}"
"SLACK_BOT_TOKEN_LEGACY","{t1}"
"WEB_CONCURRENCY","3"
""", [p1, t1])

    p1 = pw()
    add("workflows/argo/backup.yaml", "argo-workflow-parameters", f"""apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: pg-backup-
spec:
  entrypoint: backup
  arguments:
    parameters:
      - name: pg-host
        value: pg-main.data.svc
      - name: pg-password
        value: "{p1}"
  templates:
    - name: backup
      container:
        image: postgres:16
        command: [sh, -c]
        args: ["PGPASSWORD={{{{workflow.parameters.pg-password}}}} pg_dumpall -h {{{{workflow.parameters.pg-host}}}} | gzip > /backup/all.sql.gz"]
""", [p1])

    p1, s1 = pw(), g.alnum(40)
    add("etc/systemd/system/ingest.service.d/override.conf", "systemd-multi-assign-line", f"""[Service]
Environment="PGHOST=pg-main.internal" "PGUSER=ingest" "PGPASSWORD={p1}"
Environment="S3_BUCKET=ingest-raw" "S3_SECRET_KEY={s1}"
""", [p1, s1])

    k1, p1 = g.alnum(40), pw()
    add("etc/supervisor/conf.d/celery.conf", "supervisord-environment-continued", f"""[program:celery]
command=/srv/app/venv/bin/celery -A app worker -l info
directory=/srv/app
user=app
environment=
    HOME="/srv/app",
    AWS_SECRET_ACCESS_KEY="{k1}",
    CELERY_BROKER_URL="amqp://celery:{p1}@mq.internal:5672/app"
autostart=true
""", [k1, p1])

    # ================================================================ escapes and encodings
    p1 = g.password()
    while not any(c in p1 for c in "@!#%&*+=?^~"):
        p1 = g.password()
    enc = urllib.parse.quote(p1, safe="")
    add("services/notify/.env.production", "env-url-encoded-password", f"""NODE_ENV=production
PORT=3000
DATABASE_URL=postgresql://notify:{enc}@pg-main.internal:5432/notify?sslmode=require
""", [enc])

    p1, s1 = g.password(), g.alnum(40)
    body = urllib.parse.urlencode({"grant_type": "password", "client_id": "portal-cli", "client_secret": s1,
                                   "username": "svc-sync@fabrikam.org", "password": p1})
    enc = urllib.parse.quote_plus(p1)
    add("scripts/sync/get-token.sh", "curl-form-body-encoded", f"""#!/bin/sh
# token for the sync job (password grant, service account)
curl -s -X POST https://login.fabrikam.org/realms/corp/protocol/openid-connect/token \\
  -H 'Content-Type: application/x-www-form-urlencoded' \\
  --data '{body}' | jq -r .access_token > /tmp/sync.token
""", [s1, enc])

    p1 = pw() + "&" + g.alnum(3)
    ent = p1.replace("&", "&amp;")
    add("src/Billing.Web/Web.Release.config", "xml-entity-in-value", f"""<?xml version="1.0" encoding="utf-8"?>
<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
  <connectionStrings>
    <add name="Billing"
         connectionString="Data Source=sql-prod-02;Initial Catalog=Billing;User ID=billing_app;Password=&quot;{ent}&quot;;Encrypt=True"
         xdt:Transform="SetAttributes" xdt:Locator="Match(name)"/>
  </connectionStrings>
</configuration>
""", [ent])

    k1 = g.alnum(39)
    add("themes/storefront/templates/layout.html", "html-data-attribute-entities", f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Storefront</title>
</head>
<body>
  <div id="search-widget"
       data-config="{{&quot;appId&quot;:&quot;N4X7QKD2LM&quot;,&quot;adminApiKey&quot;:&quot;{k1}&quot;,&quot;index&quot;:&quot;products&quot;}}"></div>
  <script src="/static/search.js"></script>
</body>
</html>
""", [k1])

    p1, p2 = pw(), pw()
    p2 = p2[:5] + "'" + p2[5:]
    esc = p2.replace("'", "'\\''")
    add("scripts/remote/reset-replica.sh", "shell-single-quote-escape", f"""#!/bin/bash
# run on the bastion: restart replication on the replica
ssh dba@db-replica-02 'mysql -u repl_admin -p'\\''{p1}'\\'' -e "STOP REPLICA; START REPLICA;"'
export PGUSER=backup
export PGPASSWORD='{esc}'
pg_dumpall -h db-replica-02 | gzip > /backup/all-$(date +%F).sql.gz
""", [p1, esc])

    s1 = g.alnum(40)
    add("src/main/java/com/fabrikam/sync/TokenClient.java", "java-escaped-json-literal", f"""package com.fabrikam.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class TokenClient {{
    private static final String BODY =
        "{{\\"client_id\\": \\"sync-worker\\", \\"client_secret\\": \\"{s1}\\", \\"grant_type\\": \\"client_credentials\\"}}";

    public String fetch() throws Exception {{
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://auth.fabrikam.org/oauth/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
    }}
}}
""", [s1])

    p1 = pw()
    add("tests/Integration/Fixtures/SeedSettings.cs", "csharp-escaped-json-literal", f"""namespace Fabrikam.Tests.Integration.Fixtures;

public static class SeedSettings
{{
    // the staging database, reset nightly from the prod snapshot
    public const string Json = "{{\\"Database\\":{{\\"Host\\":\\"sql-stg-01\\",\\"User\\":\\"tester\\",\\"Password\\":\\"{p1}\\"}}}}";
}}
""", [p1])

    p1, p2 = pw(), human()
    add("ansible/inventories/prod/group_vars/postgres.yml", "yaml-flow-map-users", f"""---
postgres_version: 16
postgres_users:
  - {{name: app, password: "{p1}", role_attr_flags: LOGIN}}
  - {{name: readonly, password: {p2}, role_attr_flags: "LOGIN,NOSUPERUSER"}}
postgres_databases:
  - {{name: app, owner: app}}
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("conf/datasource.properties", "properties-escaped-colons", f"""# generated by the Eclipse properties editor
db.url=jdbc\\:postgresql\\://pg-main.internal\\:5432/erp?user\\=erp_app&password\\={p1}
db.driver=org.postgresql.Driver
ldap.bind\\ password={p2}
ldap.url=ldap\\://dc01.corp.fabrikam.lan\\:389
""", [p1, p2])

    p1 = pw()
    add("conf/mail.properties", "properties-continued-value", f"""mail.smtp.host=smtp.fabrikam.org
mail.smtp.port=587
mail.smtp.user=notifications@fabrikam.org
mail.smtp.password=\\
    {p1}
mail.smtp.starttls.enable=true
""", [p1])

    p1, k1 = pw(), g.alnum(40)
    add("deploy/windows/write-config.ps1", "powershell-here-string-config", f"""$ErrorActionPreference = 'Stop'
$target = 'C:\\inetpub\\reports\\appsettings.Production.json'

$json = @"
{{
  "ConnectionStrings": {{
    "Reports": "Server=sql-prod-02;Database=Reports;User Id=reports_app;Password={p1};"
  }},
  "Mapbox": {{ "SecretToken": "{k1}" }}
}}
"@
Set-Content -Path $target -Value $json -Encoding UTF8
""", [p1, k1])

    p1 = pw()
    add("deploy/windows/register-task.ps1", "powershell-backtick-escape", f"""$action = New-ScheduledTaskAction -Execute 'C:\\tools\\sync.exe' -Argument "--conn `"Server=sql-prod-02;Uid=sync;Pwd={p1}`" --full"
Register-ScheduledTask -TaskName 'NightlySync' -Action $action -User 'CORP\\svc-sync'
""", [p1])

    p1, k1 = pw(), g.upper_hex(32)
    add("installers/settings/Fabrikam-POS.reg", "reg-export-app-values", f"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Fabrikam\\POS\\Database]
"Server"="POS-SQL01\\\\SQLEXPRESS"
"User"="pos_app"
"DbPassword"="{p1}"

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Fabrikam\\POS\\Payments]
"Gateway"="https://pay.ridgeway-partners.com"
"MerchantKey"="{k1}"
""", [p1, k1])

    p1, k1 = pw(), g.alnum(40)
    add("scripts/bootstrap/provision.sh", "shell-heredoc-dotenv", f"""#!/usr/bin/env bash
set -euo pipefail
cd /srv/app

cat <<EOF > .env
APP_ENV=production
DB_HOST=10.20.1.15
DB_USER=app
DB_PASS={p1}
STORAGE_SECRET={k1}
EOF

chmod 600 .env
docker compose up -d
""", [p1, k1])

    p1 = pw()
    add("services/exporter/Dockerfile", "dockerfile-heredoc-config", f"""# syntax=docker/dockerfile:1.4
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
RUN <<EOF cat > /app/config.ini
[source]
host = mssql-prod.corp.fabrikam.lan
user = exporter
password = {p1}
EOF
CMD ["python", "-m", "exporter"]
""", [p1])

    s1 = g.alnum(40)
    cred = json.dumps({"client_id": "fabrikam-indexer", "client_secret": s1, "token_uri": "https://auth.fabrikam.org/token"})
    v1 = b64(cred)
    add("k8s/indexer/oauth-secret.yaml", "k8s-secret-base64-json", f"""apiVersion: v1
kind: Secret
metadata:
  name: indexer-oauth
  namespace: search
type: Opaque
data:
  credentials.json: {v1}
""", [v1])

    p1 = pw()
    add("deploy/compose/docker-compose.prod.yml", "spring-application-json-env", f"""services:
  inventory:
    image: registry.fabrikam.org/inventory:3.8.1
    environment:
      SPRING_PROFILES_ACTIVE: prod
      SPRING_APPLICATION_JSON: '{{"spring":{{"datasource":{{"url":"jdbc:postgresql://pg-main:5432/inventory","username":"inventory","password":"{p1}"}}}}}}'
    ports:
      - "8080:8080"
""", [p1])

    p1 = pw()
    add("ansible/run-migrate.sh", "ansible-extra-vars-json", f"""#!/bin/sh
ansible-playbook -i inventories/prod migrate.yml \\
  --extra-vars '{{"db_admin_user": "postgres", "db_admin_password": "{p1}", "run_seed": false}}'
""", [p1])

    p1 = pw()
    add("deploy/marathon/mysql-health.json", "json-escaped-shell-command", json.dumps(
        {"id": "/db/mysql", "healthChecks": [{"protocol": "COMMAND", "command": {"value": "mysqladmin -uroot -p\"%s\" ping" % p1}}]},
        indent=2) + "\n", [p1])

    p1 = pw()
    py = "payload = \"{\\\"username\\\": \\\"svc-report\\\", \\\"password\\\": \\\"%s\\\"}\"\n" % p1
    add("tools/report_login.py", "python-escaped-json-string", "import requests\n\n" + py + """
r = requests.post("https://reports.fabrikam.org/api/login", data=payload,
                  headers={"Content-Type": "application/json"})
r.raise_for_status()
""", [p1])

    p1 = pw()
    launch = {"profiles": {"Fabrikam.Api": {"commandName": "Project", "launchBrowser": True,
                                           "environmentVariables": {"ASPNETCORE_ENVIRONMENT": "Development",
                                                                    "ConnectionStrings__Default": "Server=sql-stg-01;Database=Api;User Id=api;Password=%s;" % p1},
                                           "applicationUrl": "https://localhost:7041"}}}
    add("src/Fabrikam.Api/Properties/launchSettings.json", "launchsettings-env-connstring", json.dumps(launch, indent=2) + "\n", [p1])

    k1, s1 = g.b64(64), g.alnum(32)
    lss = {"IsEncrypted": False, "Values": {
        "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=stfuncfabrikam;AccountKey=%s;EndpointSuffix=core.windows.net" % k1,
        "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "PartnerApi__Secret": s1}}
    add("src/Fabrikam.Functions/local.settings.json", "functions-local-settings", json.dumps(lss, indent=2) + "\n", [k1, s1])

    p1 = pw()
    add("infra/cfn/api-params.yaml", "cfn-yaml-lambda-env-sub", f"""Resources:
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          DB_SECRET_JSON: '{{"user":"api","pass":"{p1}"}}'
""", [p1])

    t1 = g.hex(40)
    hdr = json.dumps({"Authorization": "token " + t1, "Accept": "application/vnd.github+json"})
    add("ops/webhooks/relay.yaml", "yaml-escaped-json-headers", f"""relay:
  target: https://api.github.com/repos/fabrikam/infra/dispatches
  method: POST
  headers_json: {json.dumps(hdr)}
  retries: 3
""", [t1])

    # ================================================================ negatives
    td = {"family": "checkout-api", "containerDefinitions": [{
        "name": "api", "image": "418265370912.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:1.42.0",
        "environment": [{"name": "SPRING_PROFILES_ACTIVE", "value": "prod"}, {"name": "DB_PASSWORD", "value": ""}],
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:418265370912:parameter/prod/checkout/db_password"},
                    {"name": "PAYMENT_WEBHOOK_SECRET", "valueFrom": "arn:aws:secretsmanager:eu-west-1:418265370912:secret:checkout/webhook-Ab12Cd:secret::"}]}]}
    add("neg/b28/deploy/ecs/taskdef.json", "neg-ecs-taskdef-valuefrom", json.dumps(td, indent=2) + "\n", negative=True)

    add("neg/b28/k8s/cronjob.yaml", "neg-k8s-env-secretkeyref", """apiVersion: batch/v1
kind: CronJob
metadata:
  name: report-mailer
spec:
  schedule: "0 6 * * 1"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: mailer
              image: registry.example.com/report-mailer:2.3
              env:
                - {name: SMTP_USER, value: reports}
                - name: SMTP_PASSWORD
                  valueFrom:
                    secretKeyRef: {name: smtp-credentials, key: password}
""", negative=True)

    add("neg/b28/infra/arm/site.json", "neg-arm-keyvault-references", json.dumps({
        "parameters": {"administratorLoginPassword": {"reference": {"keyVault": {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-prod"},
                                                                    "secretName": "sql-admin-password"}},
                       "vmAdminPassword": {"value": ""}},
        "appSettings": [{"name": "DB_PASSWORD", "value": "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db-password/)"},
                        {"name": "ApiClientSecret", "value": "@Microsoft.KeyVault(VaultName=kv-prod;SecretName=api-client-secret)"}]},
        indent=2) + "\n", negative=True)

    add("neg/b28/infra/cfn/db.yaml", "neg-cfn-resolve", """Resources:
  ReportingDb:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: '{{resolve:secretsmanager:reporting/db:SecretString:username}}'
      MasterUserPassword: '{{resolve:secretsmanager:reporting/db:SecretString:password}}'
  ReportingDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username":"reporting_admin"}'
        GenerateStringKey: password
        PasswordLength: 32
""", negative=True)

    add("neg/b28/.github/workflows/deploy.yml", "neg-gha-secrets-expressions", """name: deploy
on: workflow_dispatch
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./deploy.sh
        env:
          DB_PASSWORD: ${{ secrets.DB_PASSWORD }}
          SPRING_APPLICATION_JSON: '{"spring":{"datasource":{"password":"${{ secrets.DB_PASSWORD }}"}}}'
          EXTRA: '{"name": "API_TOKEN", "value": "${{ secrets.API_TOKEN }}"}'
""", negative=True)

    add("neg/b28/exports/octopus-variables.json", "neg-octopus-sensitive", json.dumps({"Variables": [
        {"Name": "Smtp.Password", "Value": None, "Type": "Sensitive", "IsSensitive": True},
        {"Name": "ConnectionString", "Value": "Server=#{DbServer};User Id=#{DbUser};Password=#{DbPassword};", "Type": "String", "IsSensitive": False}]},
        indent=2) + "\n", negative=True)

    add("neg/b28/pipelines/variable-groups.json", "neg-azdo-secret-masked", json.dumps([{"name": "release-prod", "variables": {
        "dbPassword": {"isSecret": True, "value": None}, "nugetFeedPat": {"isSecret": True, "value": None},
        "environment": {"value": "prod"}}}], indent=2) + "\n", negative=True)

    add("neg/b28/infra/terraform.tfstate", "neg-tfstate-empty-secret-string", json.dumps({"version": 4, "resources": [
        {"type": "aws_secretsmanager_secret_version", "name": "billing", "instances": [{"attributes": {
            "secret_string": json.dumps({"api_key": "", "db_password": "REPLACE_ME"}),
            "version_id": "terraform-20240311091452000000000001"}}]}]}, indent=2) + "\n", negative=True)

    add("neg/b28/scripts/bootstrap.sh", "neg-heredoc-expansions", """#!/usr/bin/env bash
set -euo pipefail
: "${DB_PASS:?set DB_PASS}"
cat <<EOF > .env
DB_HOST=${DB_HOST}
DB_PASS=${DB_PASS}
STORAGE_SECRET=$(aws ssm get-parameter --name /prod/storage --with-decryption --query Parameter.Value --output text)
EOF
""", negative=True)

    add("neg/b28/db/seed/settings.sql", "neg-sql-settings-hashes", """INSERT INTO app_settings (setting_key, setting_value) VALUES
  ('mail.smtp.password', ''),
  ('admin.password_hash', 'sha256:1a79a4d60de6718e8e5b326e338ae533b7c8f2e8b6d8c1f0d4f5a3b2c1e0f9a8'),
  ('geocoder.api_key', '<set in admin UI>'),
  ('ui.theme', 'it''s dark');
""", negative=True)

    add("neg/b28/docs/connection-strings.md", "neg-docs-encoded-placeholders", """# Connection strings

Percent-encode reserved characters in the password: `p@ss:word` becomes `p%40ss%3Aword`, so

    DATABASE_URL=postgresql://user:p%40ss%3Aword@localhost:5432/app

In XML config files write `&amp;` for `&`:

```xml
<add name="Db" connectionString="Server=.;User ID=sa;Password=&quot;your-password&quot;" />
```

Properties files escape `:` and `=`: `db.url=jdbc\\:postgresql\\://localhost/app?password\\=changeme`.
""", negative=True)

    add("neg/b28/legacy/form.html", "neg-html-form-fields", """<form method="post" action="/login">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  <input type="hidden" name="api_key" value="">
  <input type="password" name="password" value="" placeholder="Password">
</form>
""", negative=True)
