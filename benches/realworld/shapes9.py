"""Ninth batch of the real-world set: credentials in OUTPUT and pasted text rather than config.

Written blind (committed before any scanner ran on it) from how these files look when someone saves
a terminal, a CI log or a capture and commits it: cloud CLI outputs (aws, az, gcloud, kubectl,
vault, heroku, gh, npm, stripe, doctl, terraform), CI job logs (GitHub Actions, GitLab, Jenkins,
`set -x` traces, docker login), application debug logs (Python dict, Java toString, Go %+v, Rails
params), HTTP access logs, `curl -v`, tracebacks, `docker inspect`, `systemctl show`, `ps auxe`,
strace, tcpdump / follow-stream text (HTTP, FTP, SMTP), chat and IRC logs, mail (.eml, mbox), a
Stack Overflow-style question, notebook outputs, IDE run configurations, VS Code tasks, a HAR
with form and response bodies, devtools "Copy as cURL / fetch / PowerShell". Negatives are the
same outputs with masked values, digests, request and trace ids.
"""

import base64
import json
import string
import urllib.parse

from shapes import B62, UPPER_ALNUM, without


def build_ninth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&')

    def pw():
        return q(g.password())

    plain = g.url_password

    def human():
        words = ["Winter", "Summer", "Autumn", "Welcome", "Contoso", "Dragon", "Harbor", "Falcon",
                 "Maple", "Orion", "Rocket", "Pumpkin", "Monday", "Baltic", "Cobalt", "Lotus"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2017, 2026)) + r.choice("!#@?*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("%#!") + str(r.randint(1, 99))
        return r.choice("!@#") + w.lower() + str(r.randint(10, 999)) + w[:2].upper()

    uuid = g.uuid4

    def stripe(mode="live"):
        return "sk_%s_51%s" % (mode, g.alnum(97))

    def sendgrid():
        return "SG." + g.b64url(22) + "." + g.b64url(43)

    def slack_user():
        return "xoxp-%d-%d-%d-%s" % (r.randint(10**10, 10**12), r.randint(10**10, 10**12),
                                     r.randint(10**11, 10**13), g.hex(32))

    def glpat():
        return "glpat-" + g.chars(B62 + "-_", 20)

    def openai():
        return "sk-proj-" + g.b64url(58) + "T3BlbkFJ" + g.b64url(58)

    def azure_secret():
        return g.alnum(3) + str(r.randint(0, 9)) + "Q~" + g.chars(B62 + "_~.-", 34)

    def aws_session_token():
        return "IQoJb3JpZ2luX2VjE" + g.chars(B62 + "+/", 363) + "=="

    def asia():
        return "ASIA" + g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)

    def ya29():
        return "ya29.a0A" + g.b64url(160)

    def hvs():
        return "hvs.CAESI" + g.b64url(86)

    def jenkins_token():
        return "11" + g.hex(32)

    def b64url_json(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    def sa_jwt():
        head = b64url_json({"alg": "RS256", "kid": g.b64url(43)})
        body = b64url_json({"iss": "kubernetes/serviceaccount",
                            "kubernetes.io/serviceaccount/namespace": "ci",
                            "kubernetes.io/serviceaccount/secret.name": "deployer-token-" + g.chars("bcdfghjklmnpqrstvwxz2456789", 5),
                            "kubernetes.io/serviceaccount/service-account.name": "deployer",
                            "kubernetes.io/serviceaccount/service-account.uid": uuid(),
                            "sub": "system:serviceaccount:ci:deployer"})
        return "%s.%s.%s" % (head, body, g.b64url(342))

    def user_jwt():
        head = b64url_json({"alg": "RS256", "typ": "JWT", "kid": g.b64url(22)})
        body = b64url_json({"iss": "https://login.fabrikam.org/", "sub": "auth0|" + g.hex(24),
                            "aud": "https://api.fabrikam.org", "iat": 1710150000 + r.randint(0, 90000),
                            "exp": 1710250000 + r.randint(0, 90000), "scope": "openid profile orders:write"})
        return "%s.%s.%s" % (head, body, g.b64url(342))

    def b64(s):
        return base64.b64encode(s.encode()).decode()

    # ================================================================ cloud CLI outputs
    ak, sk, st = asia(), g.aws_secret(), aws_session_token()
    add("ops/notes/assume-role-output.json", "aws-sts-assume-role", json.dumps({
        "Credentials": {"AccessKeyId": ak, "SecretAccessKey": sk, "SessionToken": st,
                        "Expiration": "2024-03-11T11:22:31+00:00"},
        "AssumedRoleUser": {"AssumedRoleId": "AROA" + g.chars(UPPER_ALNUM, 17) + ":deploy-session",
                            "Arn": "arn:aws:sts::418273645190:assumed-role/OrganizationAccountAccessRole/deploy-session"}},
        indent=4) + "\n", [ak, sk, st])

    ak, sk = g.aws_key_id(), g.aws_secret()
    add("docs/runbooks/ci-user-setup.txt", "aws-iam-create-access-key", f"""$ aws iam create-user --user-name ci-deploy
{{
    "User": {{
        "Path": "/",
        "UserName": "ci-deploy",
        "UserId": "AIDA{g.chars(UPPER_ALNUM, 17)}",
        "Arn": "arn:aws:iam::418273645190:user/ci-deploy",
        "CreateDate": "2024-03-11T10:20:04+00:00"
    }}
}}
$ aws iam create-access-key --user-name ci-deploy
{{
    "AccessKey": {{
        "UserName": "ci-deploy",
        "AccessKeyId": "{ak}",
        "Status": "Active",
        "SecretAccessKey": "{sk}",
        "CreateDate": "2024-03-11T10:20:09+00:00"
    }}
}}
""", [ak, sk])

    s1 = azure_secret()
    add("infra/azure/sp-output.json", "az-sp-create-for-rbac", json.dumps({
        "appId": uuid(), "displayName": "gh-actions-orders-prod", "password": s1, "tenant": uuid()},
        indent=2) + "\n", [s1])

    k1, k2 = g.b64(64), g.b64(64)
    add("infra/azure/storage-keys.json", "az-storage-keys-list", json.dumps([
        {"creationTime": "2023-11-02T09:14:51.331204+00:00", "keyName": "key1", "permissions": "FULL", "value": k1},
        {"creationTime": "2023-11-02T09:14:51.331204+00:00", "keyName": "key2", "permissions": "FULL", "value": k2}],
        indent=2) + "\n", [k1, k2])

    t1 = ya29()
    add("scratch/gcloud-session.txt", "gcloud-print-access-token", f"""$ gcloud config list
[core]
account = ci-runner@orders-prod-371208.iam.gserviceaccount.com
disable_usage_reporting = True
project = orders-prod-371208

Your active configuration is: [default]
$ gcloud auth print-access-token
{t1}
$ curl -s -H "Authorization: Bearer $(gcloud auth print-access-token)" https://storage.googleapis.com/storage/v1/b?project=orders-prod-371208
""", [t1])

    p1, k1 = human(), g.alnum(32)
    b1, b2 = b64(p1), b64(k1)
    applied = json.dumps({"apiVersion": "v1", "data": {"api-key": b2, "password": b1}, "kind": "Secret",
                          "metadata": {"annotations": {}, "name": "orders-db", "namespace": "prod"},
                          "type": "Opaque"}, separators=(",", ":"))
    add("debug/orders-db-secret.yaml", "kubectl-get-secret-yaml", f"""apiVersion: v1
data:
  api-key: {b2}
  password: {b1}
  username: {b64("orders")}
kind: Secret
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {applied}
  creationTimestamp: "2024-02-27T14:03:11Z"
  name: orders-db
  namespace: prod
  resourceVersion: "48213377"
  uid: {uuid()}
type: Opaque
""", [b1, b2])

    t1 = sa_jwt()
    add("docs/k8s/deployer-token.txt", "kubectl-describe-sa-token", f"""$ kubectl -n ci describe secret deployer-token
Name:         deployer-token
Namespace:    ci
Labels:       <none>
Annotations:  kubernetes.io/service-account.name: deployer
              kubernetes.io/service-account.uid: {uuid()}

Type:  kubernetes.io/service-account-token

Data
====
ca.crt:     1099 bytes
namespace:  2 bytes
token:      {t1}
""", [t1])

    p1 = pw()
    add("notes/grafana-admin.md", "kubectl-jsonpath-decoded", f"""Grafana admin login (from the helm release):

```
$ kubectl get secret --namespace monitoring grafana -o jsonpath="{{.data.admin-password}}" | base64 --decode ; echo
{p1}
```

user is `admin`.
""", [p1])

    p1, k1 = pw(), g.alnum(40)
    add("ops/vault/kv-get-payments.txt", "vault-kv-get-table", f"""$ vault kv get secret/payments/prod
====== Secret Path ======
secret/data/payments/prod

======= Metadata =======
Key                Value
---                -----
created_time       2024-03-01T12:44:09.113528Z
custom_metadata    <nil>
deletion_time      n/a
destroyed          false
version            7

======= Data =======
Key                Value
---                -----
db_password        {p1}
db_user            payments
psp_api_key        {k1}
""", [p1, k1])

    p1 = "A1a-" + g.chars(B62 + "-", 20)
    add("ops/vault/db-creds.json", "vault-read-json", json.dumps({
        "request_id": uuid(), "lease_id": "database/creds/readonly/" + g.alnum(24),
        "lease_duration": 3600, "renewable": True,
        "data": {"password": p1, "username": "v-token-readonly-" + g.chars(string.ascii_lowercase + string.digits, 20) + "-1710152551"},
        "warnings": None}, indent=2) + "\n", [p1])

    t1 = hvs()
    add("ops/vault/login-ci.txt", "vault-token-create", f"""$ vault token create -policy=ci-deploy -ttl=720h
Key                  Value
---                  -----
token                {t1}
token_accessor       {g.alnum(24)}
token_duration       720h
token_renewable      true
token_policies       ["ci-deploy" "default"]
identity_policies    []
policies             ["ci-deploy" "default"]
""", [t1])

    u1, p1 = g.chars(string.ascii_lowercase, 14), g.hex(64)
    p2, s1 = g.alnum(64), sendgrid()
    add("docs/heroku-config-vars.txt", "heroku-config-output", f"""$ heroku config -a orders-api-prod
=== orders-api-prod Config Vars
DATABASE_URL:     postgres://{u1}:{p1}@ec2-34-202-51-14.compute-1.amazonaws.com:5432/d{g.chars(string.ascii_lowercase + string.digits, 13)}
LOG_LEVEL:        info
REDIS_URL:        rediss://:{p2}@ec2-52-21-98-113.compute-1.amazonaws.com:27330
SENDGRID_API_KEY: {s1}
WEB_CONCURRENCY:  2
""", [p1, p2, s1])

    t1 = uuid()
    add("docs/heroku-ci-token.txt", "heroku-authorizations-create", f"""$ heroku authorizations:create -d "github actions deploy"
Creating OAuth Authorization... done
Client:      <none>
ID:          {uuid()}
Description: github actions deploy
Scope:       global
Token:       {t1}
Updated at:  Mon Mar 11 2024 10:22:31 GMT+0100 (Central European Standard Time) (less than a minute ago)
""", [t1])

    w1 = "whsec_" + g.alnum(32)
    add("notes/stripe-local-webhooks.log", "stripe-listen-output", f"""$ stripe listen --forward-to localhost:4242/webhooks/stripe
> Ready! You are using Stripe API Version [2023-10-16]. Your webhook signing secret is {w1} (^C to quit)
2024-03-11 10:24:02   --> checkout.session.completed [evt_1Ot{g.alnum(21)}]
2024-03-11 10:24:02  <--  [200] POST http://localhost:4242/webhooks/stripe [evt_1Ot{g.alnum(21)}]
""", [w1])

    p1, k1 = pw(), g.alnum(40)
    add("infra/outputs.json", "terraform-output-json", json.dumps({
        "db_endpoint": {"sensitive": False, "type": "string", "value": "orders-prod.cx8sd2hq1v4n.eu-central-1.rds.amazonaws.com:5432"},
        "db_password": {"sensitive": True, "type": "string", "value": p1},
        "search_admin_key": {"sensitive": True, "type": "string", "value": k1}}, indent=2) + "\n", [p1, k1])

    s1, k1 = stripe(), g.hex(32)
    add("infra/plan-2024-03-11.txt", "terraform-plan-env", f"""Terraform used the selected providers to generate the following execution plan. Resource actions are indicated with the following symbols:
  ~ update in-place

Terraform will perform the following actions:

  # aws_lambda_function.checkout will be updated in-place
  ~ resource "aws_lambda_function" "checkout" {{
        id                             = "checkout-prod"
      ~ last_modified                  = "2024-02-27T14:03:11.000+0000" -> (known after apply)
        # (19 unchanged attributes hidden)

      ~ environment {{
          ~ variables = {{
              ~ "STRIPE_SECRET_KEY" = "{stripe()}" -> "{s1}"
              + "MAILGUN_API_KEY"   = "{k1}"
                # (2 unchanged elements hidden)
            }}
        }}
    }}

Plan: 0 to add, 1 to change, 0 to destroy.
""", [s1, k1])
    # the old value of the stripe key is a secret too: label the line by the new value (same line)

    # ================================================================ CI job logs
    t1, p1 = g.gh_token("ghp_"), pw()
    add("ci-logs/deploy_1234.txt", "github-actions-log-trace", f"""2024-03-11T10:22:29.4412290Z ##[group]Run ./scripts/deploy.sh
2024-03-11T10:22:29.4413021Z ./scripts/deploy.sh
2024-03-11T10:22:29.4490117Z shell: /usr/bin/bash -e {{0}}
2024-03-11T10:22:29.4490563Z ##[endgroup]
2024-03-11T10:22:29.4601932Z + export RELEASE_TOKEN={t1}
2024-03-11T10:22:29.4602817Z + RELEASE_TOKEN={t1}
2024-03-11T10:22:29.4611049Z + curl -fsS -u deploy:{p1} https://nexus.northwind-apps.com/service/rest/v1/status
2024-03-11T10:22:30.1182663Z ##[error]Process completed with exit code 22.
""", [t1, p1])

    p1, t1 = glpat(), "glrt-" + g.chars(B62 + "-_", 20)
    add("ci-logs/gitlab-job-58213377.log", "gitlab-job-log", f"""Running with gitlab-runner 16.9.1 (782c6ecb)
  on docker-autoscaler-1 xS6Vzpvo, system ID: s_{g.hex(12)}
Preparing the "docker" executor
$ docker login -u deploy-bot -p {p1} registry.northwind-apps.com
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
WARNING! Your password will be stored unencrypted in /root/.docker/config.json.
Login Succeeded
$ gitlab-runner register --non-interactive --url https://gitlab.northwind-apps.com --token {t1} --executor docker
Runtime platform                                    arch=amd64 os=linux pid=41 revision=782c6ecb version=16.9.1
""", [p1, t1])

    p1, t1 = human(), jenkins_token()
    add("ci-logs/jenkins-orders-nightly-412.txt", "jenkins-console-log", f"""Started by timer
Running in Durability level: MAX_SURVIVABILITY
[Pipeline] Start of Pipeline
[Pipeline] node
Running on build-agent-03 in /var/lib/jenkins/workspace/orders-nightly
[Pipeline] sh
+ mysqldump -h mysql-prod.fabrikam.org -u backup -p{p1} orders
mysqldump: [Warning] Using a password on the command line interface can be insecure.
[Pipeline] sh
+ curl -X POST -u release-bot:{t1} https://jenkins.fabrikam.org/job/orders-deploy/buildWithParameters?ENV=prod
[Pipeline] End of Pipeline
Finished: SUCCESS
""", [p1, t1])

    ecr = b64(json.dumps({"payload": g.b64(600), "datakey": g.b64(180), "version": "2", "type": "DATA_KEY",
                          "expiration": 1710240000 + r.randint(0, 99999)}, separators=(",", ":")))
    add("ci-logs/codebuild-build-output.txt", "ecr-docker-login-log", f"""[Container] 2024/03/11 10:22:29.441229 Running command $(aws ecr get-login --no-include-email --region eu-central-1)
docker login -u AWS -p {ecr} https://418273645190.dkr.ecr.eu-central-1.amazonaws.com
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
Login Succeeded
""", [ecr])

    # ================================================================ application debug logs
    p1, k1, s1 = plain(), g.django_key(), stripe()
    add("logs/api-debug.log", "python-logging-dict", f"""2024-03-11 10:22:31,118 DEBUG [app.config] loaded settings: {{'DEBUG': False, 'DATABASE_URL': 'postgresql://orders:{p1}@pg-main.northwind-apps.com:5432/orders', 'SECRET_KEY': '{q(k1)}', 'ALLOWED_HOSTS': ['api.northwind-apps.com']}}
2024-03-11 10:22:31,120 DEBUG [app.payments] client init kwargs={{'api_key': '{s1}', 'max_network_retries': 2}}
2024-03-11 10:22:31,402 INFO  [werkzeug] 10.0.3.17 - - "GET /health HTTP/1.1" 200 -
""", [p1, q(k1), s1])

    p1, p2 = pw(), g.alnum(24)
    add("logs/catalina.out", "java-tostring-dump", f"""11-Mar-2024 10:22:31.118 INFO [main] com.fabrikam.orders.config.AppConfig.init Loaded DataSourceProperties{{url='jdbc:mysql://mysql-prod.fabrikam.org:3306/orders', username='orders', password='{p1}', driverClassName='com.mysql.cj.jdbc.Driver'}}
11-Mar-2024 10:22:31.204 DEBUG [main] com.fabrikam.orders.mail.MailSetup Using MailProperties(host=smtp.office365.com, port=587, username=noreply@fabrikam.org, password={p2}, protocol=smtp)
11-Mar-2024 10:22:33.901 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [4812] milliseconds
""", [p1, p2])

    p1, p2, k1 = plain(), g.alnum(32), g.hex(64)
    add("logs/gateway.txt", "go-struct-dump", f"""2024/03/11 10:22:31 config: {{Addr::8080 DB:{{Host:pg-main.contoso-hosting.net Port:5432 User:gateway Password:{p1} Name:gateway}} Redis:{{Addr:cache-01.contoso-hosting.net:6379 Password:{p2} DB:0}} JWTSecret:{k1} Debug:true}}
2024/03/11 10:22:31 listening on :8080
""", [p1, p2, k1])

    p1, t1 = human(), g.alnum(40)
    add("log/production.log", "rails-log-unfiltered", f"""I, [2024-03-11T10:22:31.118204 #4122]  INFO -- : [{uuid()}] Started POST "/users/sign_in" for 10.0.3.17 at 2024-03-11 10:22:31 +0000
I, [2024-03-11T10:22:31.120981 #4122]  INFO -- : [{uuid()}] Processing by Users::SessionsController#create as HTML
I, [2024-03-11T10:22:31.121007 #4122]  INFO -- : [{uuid()}]   Parameters: {{"user"=>{{"email"=>"ops@contoso-hosting.net", "password"=>"{p1}", "remember_me"=>"0"}}, "commit"=>"Log in"}}
I, [2024-03-11T10:22:32.004417 #4122]  INFO -- : [{uuid()}] Started POST "/api/v1/sync" for 10.0.3.22 at 2024-03-11 10:22:32 +0000
I, [2024-03-11T10:22:32.006133 #4122]  INFO -- : [{uuid()}]   Parameters: {{"shop_access_key"=>"{t1}", "since"=>"2024-03-10"}}
""", [p1, t1])

    k1, t1, t2 = g.hex(32), g.alnum(40), slack_user()
    add("logs/nginx/access.log", "nginx-access-log-query", f"""10.0.3.17 - - [11/Mar/2024:10:22:31 +0000] "GET /api/v1/export?format=csv&api_key={k1} HTTP/1.1" 200 51234 "-" "python-requests/2.31.0"
10.0.3.22 - - [11/Mar/2024:10:22:33 +0000] "GET /static/app.3f9c1e.js HTTP/1.1" 200 88123 "https://shop.northwind-apps.com/" "Mozilla/5.0 (X11; Linux x86_64)"
172.16.4.9 - - [11/Mar/2024:10:22:35 +0000] "POST /oauth/callback?code=4%2F0Ad{g.alnum(10)}&state={g.hex(16)} HTTP/1.1" 302 0 "-" "Mozilla/5.0"
10.0.3.17 - - [11/Mar/2024:10:22:41 +0000] "GET /v2/reports/daily?access_token={t1}&tz=UTC HTTP/1.1" 200 1421 "-" "curl/8.4.0"
10.0.8.3 - - [11/Mar/2024:10:23:02 +0000] "GET /hooks/slack/notify?token={t2} HTTP/1.1" 200 2 "-" "Go-http-client/1.1"
""", [k1, t1, t2])

    u1, p1, t1 = "svc-backup", plain(), user_jwt()
    add("docs/debug/curl-verbose.txt", "curl-verbose-output", f"""$ curl -v -u {u1}:{p1} https://files.northwind-apps.com/dav/backups/
*   Trying 52.28.114.9:443...
* Connected to files.northwind-apps.com (52.28.114.9) port 443
* Server auth using Basic with user '{u1}'
> PROPFIND /dav/backups/ HTTP/2
> Host: files.northwind-apps.com
> authorization: Basic {b64(u1 + ":" + p1)}
> user-agent: curl/8.4.0
> accept: */*
>
< HTTP/2 207
< content-type: application/xml; charset=utf-8

$ curl -v https://api.northwind-apps.com/v1/orders -H "Authorization: Bearer {t1}"
> GET /v1/orders HTTP/2
> Host: api.northwind-apps.com
> Authorization: Bearer {t1}
< HTTP/2 200
""", [p1, b64(u1 + ":" + p1), t1])

    p1, k1 = pw(), g.alnum(32)
    add("reports/pytest-failures.txt", "pytest-showlocals", f"""_________________________ test_sync_customers _________________________

    def test_sync_customers():
        client = CrmClient(base_url=CRM_URL, token=CRM_TOKEN)
>       assert client.sync() == 200
E       assert 401 == 200

CRM_TOKEN  = '{k1}'
CRM_URL    = 'https://crm.contoso-hosting.net/api'
client     = <crm.client.CrmClient object at 0x7f3a2c1d4e50>
db_password = '{p1}'

tests/test_sync.py:22: AssertionError
""", [p1, k1])

    # ================================================================ process / container introspection
    p1, k1 = pw(), g.aws_secret()
    add("debug/docker-inspect-api.json", "docker-inspect-env", json.dumps([{
        "Id": g.hex(64), "Created": "2024-03-11T10:20:04.118204Z", "Path": "/docker-entrypoint.sh",
        "Config": {"Hostname": g.hex(12), "Image": "registry.northwind-apps.com/orders/api:2.3.1",
                   "Env": ["POSTGRES_PASSWORD=" + p1, "AWS_SECRET_ACCESS_KEY=" + k1,
                           "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                           "NODE_VERSION=20.11.1"],
                   "Cmd": ["node", "server.js"]},
        "Image": "sha256:" + g.hex(64)}], indent=4) + "\n", [p1, k1])

    p1, t1 = plain(), g.alnum(48)
    add("notes/systemctl-show.txt", "systemctl-show-environment", f"""$ systemctl show orders-api.service -p Environment -p ExecStart
Environment=NODE_ENV=production DB_PASSWORD={p1} REDIS_URL=redis://cache-01.prod:6379/0 INTERNAL_API_TOKEN={t1}
ExecStart={{ path=/usr/bin/node ; argv[]=/usr/bin/node /srv/orders/server.js ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }}
""", [p1, t1])

    p1, p2 = pw(), plain()
    add("notes/ps-output.txt", "ps-auxe-lines", f"""USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
orders      4122  2.1  3.4 1184220 279112 ?     Ssl  10:20   0:41 node /srv/orders/server.js LANG=C.UTF-8 PATH=/usr/bin:/bin HOME=/srv/orders DB_PASSWORD={q(p1)} NODE_ENV=production
backup      5310  0.0  0.1  22104  9120 ?       S    10:30   0:00 /usr/bin/pg_dump postgresql://backup:{p2}@pg-main.prod:5432/orders -Fc -f /backup/orders.dump
""", [q(p1), p2])

    p1, p2 = plain(), plain()
    add("debug/strace-mysql.txt", "strace-lines", f"""execve("/usr/bin/mysql", ["mysql", "-h", "mysql-prod.fabrikam.org", "-u", "report", "-p{p1}", "reports"], 0x7ffd3c1a9e58 /* 23 vars */) = 0
connect(3, {{sa_family=AF_INET, sin_port=htons(6379), sin_addr=inet_addr("10.0.4.12")}}, 16) = 0
write(3, "*2\\r\\n$4\\r\\nAUTH\\r\\n${len(p2)}\\r\\n{p2}\\r\\n", {25 + len(p2) + len(str(len(p2)))}) = {25 + len(p2) + len(str(len(p2)))}
read(3, "+OK\\r\\n", 16384)                  = 5
""", [p1, p2])

    # ================================================================ captures
    u1, p1, k1 = "monitor", plain(), g.hex(40)
    add("captures/tcpdump-8080.txt", "tcpdump-ascii-http", f"""10:22:31.118204 IP 10.0.3.17.51234 > 10.0.4.20.8080: Flags [P.], seq 1:211, ack 1, win 502, length 210: HTTP: GET /metrics HTTP/1.1
E...@.@.....
GET /metrics HTTP/1.1
Host: 10.0.4.20:8080
Authorization: Basic {b64(u1 + ":" + p1)}
User-Agent: Prometheus/2.50.1

10:22:33.004417 IP 10.0.3.22.40112 > 10.0.4.21.80: Flags [P.], seq 1:188, ack 1, win 502, length 187: HTTP: POST /api/ingest HTTP/1.1
POST /api/ingest HTTP/1.1
Host: ingest.internal
X-Api-Key: {k1}
Content-Type: application/json
""", [b64(u1 + ":" + p1), k1])

    p1 = pw()
    add("captures/ftp-session.txt", "ftp-follow-stream", f"""220 (vsFTPd 3.0.3)
USER edi_partner
331 Please specify the password.
PASS {p1}
230 Login successful.
SYST
215 UNIX Type: L8
TYPE I
200 Switching to Binary mode.
PASV
227 Entering Passive Mode (10,0,5,20,156,64).
STOR orders_20240311.csv
""", [p1])

    u1, p1 = "alerts@northwind-apps.com", pw()
    plain_auth = b64("\0" + u1 + "\0" + p1)
    add("docs/mail/swaks-test.txt", "smtp-auth-transcript", f"""=== Trying smtp.northwind-apps.com:587...
=== Connected to smtp.northwind-apps.com.
<-  220 smtp.northwind-apps.com ESMTP Postfix
 -> EHLO build-agent-03
<-  250-smtp.northwind-apps.com
<-  250-AUTH PLAIN LOGIN
<-  250 STARTTLS
 -> STARTTLS
<-  220 2.0.0 Ready to start TLS
=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256
 ~> EHLO build-agent-03
<~  250 AUTH PLAIN LOGIN
 ~> AUTH PLAIN {plain_auth}
<~  235 2.7.0 Authentication successful
 ~> MAIL FROM:<{u1}>
""", [plain_auth])

    # ================================================================ chat / mail
    p1 = human()
    add("exports/discord/ops-channel.json", "discord-export", json.dumps({
        "guild": {"id": str(r.randint(10**17, 10**18)), "name": "Fabrikam Ops"},
        "channel": {"id": str(r.randint(10**17, 10**18)), "type": "GuildTextChat", "name": "ops"},
        "messages": [
            {"id": str(r.randint(10**17, 10**18)), "type": "Default", "timestamp": "2024-03-11T10:22:31.118+00:00",
             "content": "router admin pw is %s (same as the NAS)" % p1, "author": {"id": str(r.randint(10**17, 10**18)), "name": "mk"}},
            {"id": str(r.randint(10**17, 10**18)), "type": "Default", "timestamp": "2024-03-11T10:23:02.004+00:00",
             "content": "ok thanks", "author": {"id": str(r.randint(10**17, 10**18)), "name": "dana"}}],
        "messageCount": 2}, indent=2) + "\n", [p1])

    p1 = human()
    add("mail/Welcome to the build server.eml", "eml-onboarding", f"""Return-Path: <it-support@fabrikam.org>
Received: from mail.fabrikam.org (mail.fabrikam.org [52.28.114.9])
Date: Mon, 11 Mar 2024 10:22:31 +0100
From: IT Support <it-support@fabrikam.org>
To: Anna Kowalski <anna.kowalski@fabrikam.org>
Subject: Your account on the build server
Message-ID: <{g.hex(16)}@mail.fabrikam.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hi Anna,

your account on the build server has been created.

  URL:      https://jenkins.fabrikam.org
  Username: anna.kowalski
  Password: {p1}

Please change the password after your first login.

Regards,
IT Support
""", [p1])

    # ================================================================ notebooks
    o1, ak, sk = openai(), g.aws_key_id(), g.aws_secret()
    env_repr = ("environ({'PATH': '/opt/conda/bin:/usr/local/bin:/usr/bin:/bin', 'HOSTNAME': 'jupyter-dana', "
                "'OPENAI_API_KEY': '%s', 'HOME': '/home/jovyan', 'LANG': 'C.UTF-8'})" % o1)
    add("notebooks/debug-env.ipynb", "jupyter-environ-output", json.dumps({"cells": [
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "source": ["import os\n", "print(os.environ)"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [env_repr + "\n"]}]},
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "source": ["!cat ~/.aws/credentials"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [
             "[default]\n", "aws_access_key_id = %s\n" % ak, "aws_secret_access_key = %s\n" % sk]}]}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5},
        indent=1) + "\n", [o1, ak, sk])

    # ================================================================ IDE run configurations / tasks
    p1, s1 = pw(), stripe("test")
    add(".idea/runConfigurations/OrdersApplication.xml", "idea-run-configuration", f"""<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="OrdersApplication" type="SpringBootApplicationConfigurationType" factoryName="Spring Boot">
    <option name="ACTIVE_PROFILES" value="prod" />
    <envs>
      <env name="SPRING_DATASOURCE_PASSWORD" value="{q(p1)}" />
      <env name="STRIPE_API_KEY" value="{s1}" />
      <env name="SPRING_DATASOURCE_URL" value="jdbc:postgresql://pg-main.northwind-apps.com:5432/orders" />
    </envs>
    <module name="orders.main" />
    <option name="SPRING_BOOT_MAIN_CLASS" value="com.northwind.orders.OrdersApplication" />
    <method v="2">
      <option name="Make" enabled="true" />
    </method>
  </configuration>
</component>
""", [q(p1), s1])

    t1 = glpat()
    add(".run/sync-worker.run.xml", "idea-run-xml-program-args", f"""<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="sync-worker" type="GoApplicationRunConfiguration" factoryName="Go Application">
    <module name="sync" />
    <working_directory value="$PROJECT_DIR$" />
    <parameters value="--gitlab-url https://gitlab.northwind-apps.com --gitlab-token {t1} --dry-run" />
    <kind value="PACKAGE" />
    <package value="github.com/northwind/sync/cmd/worker" />
    <directory value="$PROJECT_DIR$" />
    <filePath value="$PROJECT_DIR$/cmd/worker/main.go" />
    <method v="2" />
  </configuration>
</component>
""", [t1])

    p1, k1 = plain(), g.hex(64)
    add(".vscode/tasks.json", "vscode-tasks", json.dumps({"version": "2.0.0", "tasks": [
        {"label": "seed staging db", "type": "shell",
         "command": "psql postgresql://seed:%s@pg-staging.contoso-hosting.net:5432/shop -f db/seed.sql" % p1},
        {"label": "upload sourcemaps", "type": "shell", "command": "npx sentry-cli sourcemaps upload dist/",
         "options": {"env": {"SENTRY_AUTH_TOKEN": k1, "SENTRY_ORG": "contoso"}}}]},
        indent=2) + "\n", [p1, k1])

    # ================================================================ browser captures / devtools copies
    p1, t1, t2 = human(), user_jwt(), g.b64url(64)
    pe = urllib.parse.quote(p1, safe="")
    add("captures/login-flow.har", "har-postdata-response", json.dumps({"log": {"version": "1.2",
        "creator": {"name": "Firefox", "version": "123.0"},
        "entries": [{"startedDateTime": "2024-03-11T10:22:31.118+01:00",
                     "request": {"method": "POST", "url": "https://login.fabrikam.org/oauth/token", "httpVersion": "HTTP/2",
                                 "headers": [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                                 "postData": {"mimeType": "application/x-www-form-urlencoded",
                                              "params": [{"name": "grant_type", "value": "password"},
                                                         {"name": "username", "value": "anna.kowalski"},
                                                         {"name": "password", "value": p1}],
                                              "text": "grant_type=password&username=anna.kowalski&password=" + pe}},
                     "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
                                  "content": {"size": 1210, "mimeType": "application/json",
                                              "text": json.dumps({"access_token": t1, "refresh_token": t2,
                                                                  "token_type": "Bearer", "expires_in": 86400})}},
                     "timings": {"send": 0, "wait": 211, "receive": 3}}]}}, indent=2) + "\n", [p1, pe, t1, t2])

    t1, c1 = user_jwt(), g.b64url(43)
    add("docs/bugs/graphql-500.md", "devtools-copy-as-curl", f"""Repro (copied from devtools):

```sh
curl 'https://api.fabrikam.org/graphql' \\
  -H 'accept: application/json' \\
  -H 'authorization: Bearer {t1}' \\
  -H 'content-type: application/json' \\
  -H 'origin: https://app.fabrikam.org' \\
  --data-raw '{{"operationName":"Orders","variables":{{"first":20}},"query":"query Orders($first: Int) {{ orders(first: $first) {{ id }} }}"}}' \\
  --compressed
```
""", [t1])

    k1 = g.alnum(40)
    add("scripts/scratch/fetch-copy.js", "devtools-copy-as-fetch", f"""fetch("https://api.contoso-hosting.net/v3/invoices?page=2", {{
  "headers": {{
    "accept": "application/json, text/plain, */*",
    "accept-language": "en-US,en;q=0.9,de;q=0.8",
    "x-api-key": "{k1}",
    "sec-fetch-mode": "cors"
  }},
  "referrer": "https://app.contoso-hosting.net/",
  "body": null,
  "method": "GET",
  "mode": "cors",
  "credentials": "include"
}});
""", [k1])

    t1, s1 = g.alnum(40), g.b64url(32)
    add("scripts/scratch/Invoke-Export.ps1", "devtools-copy-as-powershell", f"""$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
$session.UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
$session.Cookies.Add((New-Object System.Net.Cookie("_ga", "GA1.1.{r.randint(10**8, 10**9)}.{r.randint(1700000000, 1710000000)}", "/", ".northwind-apps.com")))
Invoke-WebRequest -UseBasicParsing -Uri "https://erp.northwind-apps.com/api/export/customers" `
-WebSession $session `
-Headers @{{
"authority"="erp.northwind-apps.com"
  "method"="GET"
  "path"="/api/export/customers"
  "accept"="application/json"
  "authorization"="Token {t1}"
}}
""", [t1])

    # ================================================================ shell dumps
    p1, p2 = pw(), g.alnum(32)
    add("support/ticket-4471/set-output.txt", "windows-set-dump", f"""C:\\Users\\svc_erp>set
ALLUSERSPROFILE=C:\\ProgramData
APPDATA=C:\\Users\\svc_erp\\AppData\\Roaming
COMPUTERNAME=ERP-APP-02
ERP_DB_PASSWORD={q(p1)}
ERP_LICENSE_SERVER=lic.northwind-apps.com
NUMBER_OF_PROCESSORS=4
OS=Windows_NT
SMTP_RELAY_PASS={p2}
USERNAME=svc_erp
""", [q(p1), p2])

    # ================================================================ negatives
    add("neg/b9/docs/aws-whoami.txt", "neg-aws-cli-masked", f"""$ aws configure list
      Name                    Value             Type    Location
      ----                    -----             ----    --------
   profile                <not set>             None    None
access_key     ****************{g.chars(UPPER_ALNUM, 4)} shared-credentials-file
secret_key     ****************{g.alnum(4)} shared-credentials-file
    region             eu-central-1      config-file    ~/.aws/config
$ aws sts get-caller-identity
{{
    "UserId": "AIDA{g.chars(UPPER_ALNUM, 17)}",
    "Account": "418273645190",
    "Arn": "arn:aws:iam::418273645190:user/dana"
}}
""", negative=True)

    add("neg/b9/infra/plan.txt", "neg-terraform-plan-sensitive", f"""  # aws_db_instance.orders will be created
  + resource "aws_db_instance" "orders" {{
      + address                = (known after apply)
      + arn                    = (known after apply)
      + engine                 = "postgres"
      + id                     = (known after apply)
      + password               = (sensitive value)
      + username               = "orders"
    }}

  # aws_secretsmanager_secret_version.api will be created
  + resource "aws_secretsmanager_secret_version" "api" {{
      + secret_string  = (sensitive value)
      + version_id     = (known after apply)
    }}

Changes to Outputs:
  + db_password = (sensitive value)
""", negative=True)

    add("neg/b9/ci-logs/build_77.txt", "neg-github-actions-masked", f"""2024-03-11T10:22:29.4412290Z ##[group]Run actions/checkout@{g.hex(40)}
2024-03-11T10:22:29.4413021Z with:
2024-03-11T10:22:29.4413511Z   token: ***
2024-03-11T10:22:29.4413988Z   ssh-strict: true
2024-03-11T10:22:29.4490563Z ##[endgroup]
2024-03-11T10:22:30.1182663Z + export NPM_TOKEN=***
2024-03-11T10:22:30.1190441Z + docker login -u deploy -p *** registry.northwind-apps.com
2024-03-11T10:22:31.0021184Z HEAD is now at {g.hex(7)} Merge pull request #412 from northwind/fix-retry
2024-03-11T10:22:33.5512210Z Digest: sha256:{g.hex(64)}
""", negative=True)

    add("neg/b9/docs/k8s-describe.txt", "neg-kubectl-redacted", f"""$ kubectl -n prod describe secret orders-db
Name:         orders-db
Namespace:    prod
Type:  Opaque

Data
====
password:  24 bytes
username:  6 bytes
$ kubectl config view
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://10.0.0.1:6443
  name: prod
users:
- name: admin
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
    token: REDACTED
""", negative=True)

    add("neg/b9/log/production.log", "neg-rails-filtered", f"""I, [2024-03-11T10:22:31.118204 #4122]  INFO -- : [{uuid()}] Started POST "/users/sign_in" for 10.0.3.17 at 2024-03-11 10:22:31 +0000
I, [2024-03-11T10:22:31.121007 #4122]  INFO -- : [{uuid()}]   Parameters: {{"user"=>{{"email"=>"ops@example.com", "password"=>"[FILTERED]"}}, "api_token"=>"[FILTERED]", "commit"=>"Log in"}}
I, [2024-03-11T10:22:31.204417 #4122]  INFO -- : [{uuid()}] Completed 302 Found in 83ms (ActiveRecord: 4.1ms | Allocations: 8123)
""", negative=True)

    add("neg/b9/logs/traces.log", "neg-trace-ids", "\n".join(
        '{"ts":"2024-03-11T10:22:%02d.%03dZ","level":"info","msg":"request done","trace_id":"%s","span_id":"%s","request_id":"%s","session":"%s","duration_ms":%d}'
        % (31 + i, r.randint(0, 999), g.hex(32), g.hex(16), uuid(), g.hex(40), r.randint(3, 900)) for i in range(4)) + "\n",
        negative=True)

    add("neg/b9/docs/secrets-list.txt", "neg-secret-digests", f"""$ fly secrets list
NAME                    DIGEST                  CREATED AT
DATABASE_URL            {g.hex(16)}        2024-02-27T14:03:11Z
STRIPE_SECRET_KEY       {g.hex(16)}        2024-02-27T14:03:11Z
$ vault kv metadata get secret/payments/prod
========== Metadata Path ==========
secret/metadata/payments/prod

======= Version 7 =======
Key              Value
---              -----
created_time     2024-03-01T12:44:09.113528Z
deletion_time    n/a
destroyed        false
""", negative=True)

    add("neg/b9/docs/actuator-env.json", "neg-actuator-masked", json.dumps({
        "activeProfiles": ["prod"],
        "propertySources": [{"name": "systemEnvironment", "properties": {
            "SPRING_DATASOURCE_PASSWORD": {"value": "******", "origin": "System Environment Property \"SPRING_DATASOURCE_PASSWORD\""},
            "STRIPE_API_KEY": {"value": "******", "origin": "System Environment Property \"STRIPE_API_KEY\""},
            "HOSTNAME": {"value": "orders-api-7d9f8c6b5-" + g.chars("bcdfghjklmnpqrstvwxz2456789", 5)}}}]},
        indent=2) + "\n", negative=True)

    add("neg/b9/docs/curl-redacted.txt", "neg-curl-redacted", f"""$ curl -v https://api.example.com/v1/orders -H "Authorization: Bearer $API_TOKEN"
* SSL certificate verify ok.
*  subject: CN=api.example.com
*  serial: {":".join(g.hex(2).upper() for _ in range(16))}
*  SHA256 fingerprint: {":".join(g.hex(2).upper() for _ in range(32))}
> GET /v1/orders HTTP/2
> Authorization: Bearer <redacted>
> X-Request-Id: {uuid()}
< HTTP/2 401
< www-authenticate: Bearer error="invalid_token"
< x-amzn-trace-id: Root=1-{g.hex(8)}-{g.hex(24)}
""", negative=True)

    add("neg/b9/notes/gh-status.txt", "neg-gh-status-masked", """$ gh auth status
github.com
  ✓ Logged in to github.com account dana-k (keyring)
  - Active account: true
  - Git operations protocol: https
  - Token: gho_************************************
  - Token scopes: 'gist', 'read:org', 'repo', 'workflow'
""", negative=True)

    add("neg/b9/.idea/runConfigurations/Api.xml", "neg-idea-run-env-refs", """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="Api" type="SpringBootApplicationConfigurationType">
    <envs>
      <env name="SPRING_DATASOURCE_PASSWORD" value="$DB_PASSWORD$" />
      <env name="STRIPE_API_KEY" value="" />
      <env name="JAVA_TOOL_OPTIONS" value="-Xmx512m" />
    </envs>
  </configuration>
</component>
""", negative=True)
