"""Thirteenth batch of the real-world set: logs, captured traffic and API test tooling.

Written blind (committed before any scanner ran on it) from how these files look in the wild, and
none of them a shape of an earlier batch: a HAR with cookies and query strings, IIS W3C and
HAProxy logs (query fields, captured headers), `wget --debug` and `curl --trace-ascii`
transcripts, follow-stream text of IMAP, POP3 and SMTP `AUTH LOGIN`, Redis (`MONITOR`, RESP in
`tcpdump -A`), `tshark -e http.authbasic`, mitmdump flow detail, Fiddler and Burp saved
requests, MySQL general and PostgreSQL statement logs, Feign FULL logging, OkHttp in logcat,
Python `http.client` debug output, a Node `req.headers` dump, a Laravel stack trace, Serilog CLEF
and logfmt lines, `kubectl logs` of an `env` dump, `docker build --progress=plain`, Travis and
Azure DevOps job logs, a Terraform provider debug log, ansible `-vvv` module arguments; load
tests (k6, Locust, JMeter `.jmx`, Gatling, Artillery, ab/hey); API test tooling (a SoapUI
project, a Thunder Client collection, a Newman JSON report, Hoppscotch, Hurl, Karate, REST
Assured, Ruby VCR and vcrpy cassettes, WireMock mappings, VS Code REST Client environments) and
a Sentry event JSON. Negatives are the same files with redacted or masked values, environment
look-ups, unresolved variables and request ids.
"""

import base64
import json
import string
import urllib.parse

from shapes import B62, without


def build_thirteenth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%{}')

    def pw():
        return q(g.password())

    plain = g.url_password

    def human():
        words = ["Winter", "Summer", "Autumn", "Welcome", "Harbor", "Falcon", "Glacier", "Orion",
                 "Copper", "Lotus", "Meadow", "Saturn", "Pioneer", "Cobalt", "Monday", "Baltic"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2018, 2026)) + r.choice("!@?*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("!@") + str(r.randint(1, 99))
        return w + "-" + r.choice(["river", "stone", "cloud", "pixel", "candle"]) + "-" + str(r.randint(10, 99))

    uuid = g.uuid4

    def opaque(n=40):
        return g.alnum(n)

    def b64(s):
        return base64.b64encode(s.encode()).decode()

    def b64url_json(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    def user_jwt():
        head = b64url_json({"alg": "RS256", "typ": "JWT", "kid": g.b64url(22)})
        body = b64url_json({"iss": "https://auth.fabrikam.org/", "sub": "usr_" + g.hex(20),
                            "aud": "orders-api", "iat": 1710150000 + r.randint(0, 90000),
                            "exp": 1710250000 + r.randint(0, 90000), "scope": "orders:read orders:write"})
        return "%s.%s.%s" % (head, body, g.b64url(342))

    def stripe():
        return "sk_live_51" + g.alnum(97)

    def glpat():
        return "glpat-" + g.chars(B62 + "-_", 20)

    def azure_secret():
        return g.alnum(3) + str(r.randint(0, 9)) + "Q~" + g.chars(B62 + "_~.-", 34)

    def ts(i):
        return "2024-03-11T09:%02d:%02d.%03dZ" % (14 + i // 60, i % 60, r.randint(0, 999))

    # ================================================================ captured traffic
    sid, at, ak = g.chars(string.ascii_lowercase + string.digits, 32), opaque(40), g.hex(32)
    csrf = g.alnum(64)
    add("captures/checkout-session.har", "har-cookies-query", json.dumps({"log": {
        "version": "1.2", "creator": {"name": "Firefox", "version": "123.0"},
        "pages": [{"startedDateTime": "2024-03-11T09:14:02.114+01:00", "id": "page_1", "title": "Checkout"}],
        "entries": [
            {"pageref": "page_1", "startedDateTime": "2024-03-11T09:14:02.301+01:00", "time": 84,
             "request": {"bodySize": 0, "method": "GET",
                         "url": "https://shop.fabrikam.org/api/cart?access_token=%s&currency=EUR" % at,
                         "httpVersion": "HTTP/2",
                         "headers": [{"name": "Host", "value": "shop.fabrikam.org"},
                                     {"name": "Accept", "value": "application/json"},
                                     {"name": "Cookie", "value": "csrftoken=%s; sessionid=%s" % (csrf, sid)},
                                     {"name": "Accept-Language", "value": "de-DE,de;q=0.9"}],
                         "cookies": [{"name": "csrftoken", "value": csrf},
                                     {"name": "sessionid", "value": sid}],
                         "queryString": [{"name": "access_token", "value": at},
                                         {"name": "currency", "value": "EUR"}],
                         "headersSize": 612},
             "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
                          "headers": [{"name": "content-type", "value": "application/json"}],
                          "cookies": [], "content": {"mimeType": "application/json", "size": 211},
                          "redirectURL": "", "headersSize": 188, "bodySize": 211},
             "cache": {}, "timings": {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 83, "receive": 1}}]}},
        indent=2) + "\n", [sid, at])

    k1, t1 = g.hex(32), opaque(48)
    add("logs/iis/W3SVC2/u_ex240311.log", "iis-w3c-log-query", f"""#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2024-03-11 00:00:02
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
2024-03-11 00:00:02 10.1.4.20 GET /api/v2/orders apikey={k1}&page=2 443 - 10.1.9.7 okhttp/4.12.0 - 200 0 0 46
2024-03-11 00:00:03 10.1.4.20 GET /scripts/site.min.js v=20240301 443 - 10.1.9.33 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://portal.fabrikam.org/ 200 0 0 3
2024-03-11 00:00:05 10.1.4.20 GET /reports/export.aspx format=csv&token={t1} 443 FABRIKAM\\svc_reports 10.1.9.41 PowerShell/7.4 - 200 0 0 812
2024-03-11 00:00:09 10.1.4.20 POST /auth/login.aspx - 443 - 10.1.9.33 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://portal.fabrikam.org/login 302 0 0 71
""", [k1, t1])

    t1, bu, bp = opaque(40), "grafana", plain()
    basic = b64(f"{bu}:{bp}")
    add("logs/haproxy/haproxy.log", "haproxy-captured-headers", f"""Mar 11 09:14:02 lb01 haproxy[2211]: 10.0.4.17:51522 [11/Mar/2024:09:14:02.114] fe_https~ be_api/api02 0/0/1/24/25 200 812 - - ---- 12/12/0/0/0 0/0 {{api.northwind-apps.com|Bearer {t1}}} "GET /v1/orders?page=3 HTTP/1.1"
Mar 11 09:14:02 lb01 haproxy[2211]: 10.0.4.22:40118 [11/Mar/2024:09:14:02.201] fe_https~ be_static/web01 0/0/0/2/2 304 143 - - ---- 12/12/0/0/0 0/0 {{www.northwind-apps.com|}} "GET /assets/app.css HTTP/1.1"
Mar 11 09:14:03 lb01 haproxy[2211]: 10.0.9.5:33190 [11/Mar/2024:09:14:03.010] fe_https~ be_metrics/prom01 0/0/0/11/11 200 40211 - - ---- 12/12/0/0/0 0/0 {{metrics.northwind-apps.com|Basic {basic}}} "GET /federate HTTP/1.1"
""", [t1, basic])

    p1, bu, bp = pw(), "deploy", plain()
    basic = b64(f"{bu}:{bp}")
    add("docs/debug/wget-debug.txt", "wget-debug-transcript", f"""$ wget --debug --user=deploy --password='{p1}' https://artifacts.contoso-hosting.net/releases/api-2.3.1.tar.gz
DEBUG output created by Wget 1.21.2 on linux-gnu.

Reading HSTS entries from /home/ci/.wget-hsts
URI encoding = 'UTF-8'
--2024-03-11 10:12:44--  https://artifacts.contoso-hosting.net/releases/api-2.3.1.tar.gz
Resolving artifacts.contoso-hosting.net (artifacts.contoso-hosting.net)... 10.3.2.1
Caching artifacts.contoso-hosting.net => 10.3.2.1
Connecting to artifacts.contoso-hosting.net (artifacts.contoso-hosting.net)|10.3.2.1|:443... connected.
Created socket 3.
Releasing 0x000055d0c5a1f0e0 (new refcount 1).
Initiating SSL handshake.
Handshake successful; connected socket 3 to SSL handle 0x000055d0c5a24f40

---request begin---
GET /releases/api-2.3.1.tar.gz HTTP/1.1
Host: artifacts.contoso-hosting.net
User-Agent: Wget/1.21.2
Accept: */*
Accept-Encoding: identity
Connection: Keep-Alive

---request end---
HTTP request sent, awaiting response...
---response begin---
HTTP/1.1 401 Unauthorized
WWW-Authenticate: Basic realm="artifacts"
Content-Length: 0

---response end---
401 Unauthorized
Skipping 0 bytes of body: [] done.
Inhibiting keep-alive connection because server sent no keep-alive headers.

---request begin---
GET /mirror/api-2.3.1.tar.gz HTTP/1.1
Host: mirror.contoso-hosting.net
User-Agent: Wget/1.21.2
Accept: */*
Authorization: Basic {basic}
Connection: Keep-Alive

---request end---
HTTP request sent, awaiting response...
---response begin---
HTTP/1.1 200 OK
Content-Type: application/gzip
Content-Length: 18311203

---response end---
200 OK
""", [p1, basic])

    t1, s1 = opaque(44), g.b64url(40)
    add("docs/debug/curl-trace-token.txt", "curl-trace-ascii", f"""$ curl --trace-ascii - -X POST https://api.fabrikam.org/v1/tokens -H "Content-Type: application/json" -d @client.json
== Info:   Trying 10.2.0.4:443...
== Info: Connected to api.fabrikam.org (10.2.0.4) port 443
== Info: using HTTP/2
=> Send header, 176 bytes (0xb0)
0000: POST /v1/tokens HTTP/2
0018: Host: api.fabrikam.org
0030: user-agent: curl/8.5.0
004a: accept: */*
0057: authorization: Bearer {t1}
0090: content-type: application/json
00a0: content-length: 71
=> Send data, 71 bytes (0x47)
0000: {{"client_id":"ops-cli","client_secret":"{s1}"}}
== Info: We are completely uploaded and fine
<= Recv header, 13 bytes (0xd)
0000: HTTP/2 201
<= Recv header, 32 bytes (0x20)
0000: content-type: application/json
""", [t1, s1])

    p1, p2 = pw(), pw()
    plain_b64 = b64("\0sales@fabrikam.org\0" + p2)
    add("captures/imap-session.txt", "imap-login-follow-stream", f"""* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Dovecot (Ubuntu) ready.
a001 CAPABILITY
* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN
a001 OK Pre-login capabilities listed, post-login capabilities have more.
a002 LOGIN "helpdesk@fabrikam.org" "{p1}"
a002 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES MOVE] Logged in
a003 SELECT INBOX
* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
* 42 EXISTS
a003 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).
a004 LOGOUT
* BYE Logging out
a004 OK Logout completed (0.001 + 0.000 secs).
""", [p1])

    p1 = pw()
    add("captures/pop3-mailcheck.txt", "pop3-follow-stream", f"""+OK Dovecot ready.
CAPA
+OK
TOP
UIDL
RESP-CODES
PIPELINING
USER
SASL PLAIN LOGIN
.
USER alerts@contoso-hosting.net
+OK
PASS {p1}
+OK Logged in.
STAT
+OK 3 8213
QUIT
+OK Logging out.
""", [p1])

    p1 = pw()
    add("captures/smtp-auth-login.txt", "smtp-auth-login-base64", f"""220 mail.fabrikam.org ESMTP Postfix (Ubuntu)
EHLO build01.fabrikam.org
250-mail.fabrikam.org
250-PIPELINING
250-SIZE 10240000
250-ETRN
250-AUTH PLAIN LOGIN
250-ENHANCEDSTATUSCODES
250-8BITMIME
250 DSN
AUTH LOGIN
334 VXNlcm5hbWU6
{b64("ci-notify@fabrikam.org")}
334 UGFzc3dvcmQ6
{b64(p1)}
235 2.7.0 Authentication successful
MAIL FROM:<ci-notify@fabrikam.org>
250 2.1.0 Ok
""", [b64(p1)])

    p1, p2, p3 = pw(), pw(), pw()
    add("debug/redis-monitor.txt", "redis-monitor-auth", f"""$ redis-cli -h cache-01.northwind-apps.com monitor
OK
1710148442.114231 [0 10.0.3.5:50312] "AUTH" "{p2}"
1710148442.114702 [0 10.0.3.5:50312] "SELECT" "2"
1710148442.201993 [2 10.0.3.5:50312] "GET" "session:4f1c2a"
1710148443.550120 [0 10.0.3.9:41122] "AUTH" "sidekiq" "{p3}"
1710148443.551004 [0 10.0.3.9:41122] "BRPOP" "queue:default" "2"
""", [p2, p3])

    p1 = g.alnum(24)
    add("captures/tcpdump-redis.txt", "redis-resp-tcpdump", f"""# tcpdump -i eth0 -A -s 0 'tcp port 6379'
09:14:02.114211 IP 10.0.3.5.50312 > 10.0.3.9.6379: Flags [P.], seq 1:46, ack 1, win 502, options [nop,nop,TS val 3519 ecr 2211], length 45
E..a..@.@.1.
...
*2
$4
AUTH
${len(p1)}
{p1}

09:14:02.114702 IP 10.0.3.9.6379 > 10.0.3.5.50312: Flags [P.], seq 1:6, ack 46, win 509, length 5
E..9..@.@.2.
...
+OK

""", [p1])

    p1, p2 = human(), pw()
    add("captures/tshark-http-auth.txt", "tshark-fields-authbasic", f"""$ tshark -r office-vlan20.pcapng -Y 'http.authorization' -T fields -e frame.time -e ip.src -e http.host -e http.authbasic
Mar 11, 2024 09:14:02.114211000 CET	10.20.0.17	printer01.fabrikam.org	admin:{p1}
""", [p1])

    cid, cs, t1 = uuid(), g.b64url(32), opaque(48)
    basic = b64(f"{cid}:{cs}")
    add("debug/mitmdump-oauth.txt", "mitmdump-flow-detail", f"""$ mitmdump --flow-detail 3 --set console_eventlog_verbosity=warn
[09:14:02.114] HTTP(S) proxy listening at *:8080.
[09:14:05.402][10.0.2.15:52344] client connect
10.0.2.15:52344: POST https://api.fabrikam.org/oauth/token HTTP/1.1
    Host: api.fabrikam.org
    Content-Type: application/x-www-form-urlencoded
    Authorization: Basic {basic}
    Content-Length: 29

    grant_type=client_credentials

 << 200 OK 124b
    Content-Type: application/json
    Cache-Control: no-store

    {{"access_token":"{t1}","token_type":"Bearer","expires_in":3600}}

10.0.2.15:52350: GET https://api.fabrikam.org/v2/shipments?status=open HTTP/1.1
    Host: api.fabrikam.org
    Authorization: Bearer {t1}
    Accept: application/json

 << 200 OK 2.1k
""", [basic, t1])

    p1, cs = human(), azure_secret()
    body = "grant_type=password&client_id=%s&username=CONTOSO%%5Csvc_reports&password=%s&resource=https%%3A%%2F%%2Freports.contoso-hosting.net&client_secret=%s" % (
        uuid(), urllib.parse.quote(p1, safe=""), urllib.parse.quote(cs, safe=""))
    k1 = g.hex(32)
    add("support/fiddler/214_c.txt", "fiddler-raw-request", f"""POST https://sts.contoso-hosting.net/adfs/oauth2/token HTTP/1.1
Host: sts.contoso-hosting.net
Content-Type: application/x-www-form-urlencoded
User-Agent: ReportSync/3.2 (Windows NT 10.0)
Ocp-Apim-Subscription-Key: {k1}
Content-Length: {len(body)}
Connection: Keep-Alive

{body}
""", [urllib.parse.quote(p1, safe=""), k1])

    p1, t1 = pw(), user_jwt()
    add("captures/burp/portal-login.txt", "burp-saved-request", """POST /api/v1/session HTTP/2
Host: portal.acmecorp.de
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0
Accept: application/json
Content-Type: application/json
Origin: https://portal.acmecorp.de
Referer: https://portal.acmecorp.de/login
Content-Length: 78

{"email":"j.schmidt@acmecorp.de","password":"%s","remember":true}

GET /api/v1/invoices?year=2024 HTTP/2
Host: portal.acmecorp.de
Accept: application/json
Authorization: Bearer %s
Referer: https://portal.acmecorp.de/invoices

""" % (p1, t1), [p1, t1])

    # ================================================================ database logs
    p1, p2 = human(), pw()
    add("var/log/mysql/mysql-general.log", "mysql-general-log", f"""/usr/sbin/mysqld, Version: 5.5.62-0ubuntu0.14.04.1-log ((Ubuntu)). started with:
Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
Time                 Id Command    Argument
240311  9:14:02	   41 Connect	root@localhost on 
		   41 Query	select @@version_comment limit 1
240311  9:14:09	   41 Query	GRANT SELECT ON reports.* TO 'reporting'@'10.0.%' IDENTIFIED BY '{p1}'
		   41 Query	FLUSH PRIVILEGES
240311  9:14:22	   41 Quit	
""", [p1])

    p1, p2 = pw(), human()
    add("var/log/postgresql/postgresql-15-main.log", "postgres-log-statement", f"""2024-03-11 09:14:02.114 UTC [2211] LOG:  database system is ready to accept connections
2024-03-11 09:14:40.551 UTC [2219] postgres@postgres LOG:  statement: ALTER ROLE app_rw WITH LOGIN PASSWORD '{p1}';
2024-03-11 09:15:02.001 UTC [2219] postgres@postgres LOG:  statement: GRANT CONNECT ON DATABASE orders TO app_rw;
2024-03-11 09:16:12.004 UTC [2240] app_rw@orders LOG:  duration: 0.512 ms  statement: SELECT 1
""", [p1])

    # ================================================================ application debug logs
    t1, k1 = opaque(48), g.hex(32)
    pre = "2024-03-11 09:14:02.%03d DEBUG 1 --- [nio-8080-exec-4] c.n.orders.client.PaymentsClient         : [PaymentsClient#createCharge]"
    add("logs/orders-service.log", "feign-full-logging", "\n".join([
        "2024-03-11 09:14:01.902  INFO 1 --- [nio-8080-exec-4] c.n.orders.web.CheckoutController        : checkout started cart=81822",
        (pre % 114) + " ---> POST https://api.payments-hub.io/v1/charges HTTP/1.1",
        (pre % 114) + " Authorization: Bearer " + t1,
        (pre % 115) + " Content-Type: application/json",
        (pre % 115) + " X-Api-Key: " + k1,
        (pre % 115) + " Content-Length: 212",
        (pre % 115) + " ",
        (pre % 116) + ' {"amount":4990,"currency":"EUR","customer":"cus_81822"}',
        (pre % 116) + " ---> END HTTP (212-byte body)",
        (pre % 430) + " <--- HTTP/1.1 201 Created (314ms)",
        ""]), [t1, k1])

    t1, r1, t2, r2 = user_jwt(), g.b64url(64), user_jwt(), g.b64url(64)
    add("logcat/okhttp-2024-03-11.txt", "okhttp-logcat", "\n".join(
        ["03-11 09:14:02.%03d  8123  8190 I okhttp.OkHttpClient: %s" % (r.randint(100, 999), s) for s in [
            "--> POST https://api.fabrikam.org/v1/auth/refresh",
            "Content-Type: application/json; charset=utf-8",
            "Content-Length: 96",
            "Authorization: Bearer " + t1,
            '{"refresh_token":"%s","client_id":"android"}' % r1,
            "--> END POST (96-byte body)",
            "<-- 200 https://api.fabrikam.org/v1/auth/refresh (212ms)",
            "content-type: application/json",
            '{"access_token":"%s","refresh_token":"%s","expires_in":900}' % (t2, r2),
            "<-- END HTTP (1402-byte body)"]]) + "\n", [t1, r1, t2])

    cid, cs, t1 = "orders-sync", g.b64url(32), opaque(40)
    basic = b64(f"{cid}:{cs}")
    add("debug/requests-debug.txt", "python-http-client-debuglevel", f""">>> import http.client, logging, requests
>>> http.client.HTTPConnection.debuglevel = 1
>>> logging.basicConfig(level=logging.DEBUG)
>>> sync.run()
DEBUG:urllib3.connectionpool:Starting new HTTPS connection (1): login.fabrikam.org:443
send: b'POST /oauth2/token HTTP/1.1\\r\\nHost: login.fabrikam.org\\r\\nUser-Agent: python-requests/2.31.0\\r\\nAccept-Encoding: gzip, deflate\\r\\nAccept: */*\\r\\nConnection: keep-alive\\r\\nContent-Length: 46\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\nAuthorization: Basic {basic}\\r\\n\\r\\n'
send: b'grant_type=client_credentials&scope=orders.read'
reply: 'HTTP/1.1 200 OK\\r\\n'
header: Content-Type: application/json
header: Content-Length: 1024
DEBUG:urllib3.connectionpool:https://login.fabrikam.org:443 "POST /oauth2/token HTTP/1.1" 200 1024
DEBUG:urllib3.connectionpool:Starting new HTTPS connection (1): api.fabrikam.org:443
send: b'GET /v2/orders?since=2024-03-01 HTTP/1.1\\r\\nHost: api.fabrikam.org\\r\\nUser-Agent: python-requests/2.31.0\\r\\nAccept: */*\\r\\nConnection: keep-alive\\r\\nAuthorization: Bearer {t1}\\r\\n\\r\\n'
reply: 'HTTP/1.1 200 OK\\r\\n'
""", [basic, t1])

    t1, k1 = opaque(40), g.alnum(32)
    add("logs/api-headers.log", "node-req-headers-dump", f"""[2024-03-11T09:14:02.114Z] incoming request POST /webhooks/billing
{{
  host: 'api.northwind-apps.com',
  'user-agent': 'Billingly-Webhooks/1.0',
  'content-type': 'application/json',
  'content-length': '412',
  authorization: 'Bearer {t1}',
  'x-api-key': '{k1}',
  'x-forwarded-for': '203.0.113.7',
  'x-request-id': '{uuid()}'
}}
[2024-03-11T09:14:02.131Z] POST /webhooks/billing 200 17.204 ms - 2
""", [t1, k1])

    p1 = human()
    while len(p1) > 15:  # PHP prints string arguments of a trace up to 15 characters
        p1 = human()
    add("storage/logs/laravel-2024-03-11.log", "laravel-log-pdo-trace", f"""[2024-03-11 09:14:02] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = 8YkQ2 limit 1) {{"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 2002): SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `sessions` where `id` = 8YkQ2 limit 1) at /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connection.php:822)
[stacktrace]
#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php(65): PDO->__construct('mysql:host=10.0...', 'forge', '{p1}', Array)
#1 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connectors/MySqlConnector.php(24): Illuminate\\\\Database\\\\Connectors\\\\Connector->createConnection('mysql:host=10.0...', Array, Array)
#2 /var/www/html/vendor/laravel/framework/src/Illuminate/Database/Connectors/ConnectionFactory.php(185): Illuminate\\\\Database\\\\Connectors\\\\MySqlConnector->connect(Array)
#3 [internal function]: Illuminate\\\\Database\\\\Connectors\\\\ConnectionFactory->Illuminate\\\\Database\\\\Connectors\\\\{{closure}}()
#4 {{main}}
"}}
""", [p1])

    p1, sb, k1 = pw(), g.b64(32), g.hex(32)
    add("logs/orders-api-20240311.clef", "serilog-clef-json", "\n".join([
        json.dumps({"@t": "2024-03-11T09:14:02.1140000Z", "@mt": "Starting {Application} with {@Options}",
                    "Application": "Orders.Api",
                    "Options": {"ConnectionString": "Server=sql01.fabrikam.org;Database=Orders;User Id=orders_app;Password=%s;TrustServerCertificate=True" % p1,
                                "ServiceBusKey": sb, "_typeTag": "OrdersOptions"}}, separators=(",", ":")),
        json.dumps({"@t": "2024-03-11T09:14:03.5020000Z", "@mt": "Calling {Url} with headers {@Headers}",
                    "Url": "https://apim.fabrikam.org/pricing/v1/quotes",
                    "Headers": {"Ocp-Apim-Subscription-Key": k1, "Accept": "application/json"}}, separators=(",", ":")),
        json.dumps({"@t": "2024-03-11T09:14:03.9100000Z", "@mt": "Quote {QuoteId} computed in {Elapsed} ms",
                    "QuoteId": uuid(), "Elapsed": 41}, separators=(",", ":")), ""]), [p1, k1])

    p1, p2 = plain(), pw()
    add("logs/worker.log", "logfmt-config-dump", f"""time="2024-03-11T09:14:02Z" level=info msg="starting worker" version=1.8.2 commit=4f1c2ab
time="2024-03-11T09:14:02Z" level=debug msg="loaded config" amqp_url="amqps://worker:{p1}@mq.contoso-hosting.net:5671/prod" prefetch=20
time="2024-03-11T09:14:03Z" level=info msg="consumer ready" queue=invoices
""", [p1])

    # ================================================================ containers and CI
    p1, s1, h1 = plain(), stripe(), g.hex(64)
    add("debug/kubectl-logs-db-migrate.txt", "kubectl-logs-env-dump", f"""$ kubectl logs -n shop job/db-migrate-29 --timestamps
2024-03-11T09:14:02.114211Z + env
2024-03-11T09:14:02.115001Z KUBERNETES_SERVICE_PORT=443
2024-03-11T09:14:02.115002Z HOSTNAME=db-migrate-29-x7k2p
2024-03-11T09:14:02.115010Z DATABASE_URL=postgres://migrator:{p1}@pg-main.northwind-apps.com:5432/shop
2024-03-11T09:14:02.115011Z STRIPE_PUBLISHABLE_KEY=pk_live_51{g.alnum(97)}
2024-03-11T09:14:02.115013Z SESSION_SECRET={h1}
2024-03-11T09:14:02.115020Z PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
2024-03-11T09:14:02.115021Z NODE_ENV=production
2024-03-11T09:14:02.301044Z + npx prisma migrate deploy
2024-03-11T09:14:04.882310Z 3 migrations found in prisma/migrations
""", [p1, h1])

    gh, gl = g.gh_token(), glpat()
    add("debug/docker-build.log", "docker-build-plain-progress", f"""#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 1.02kB done
#1 DONE 0.0s

#6 [builder 2/6] WORKDIR /app
#6 CACHED

#7 [builder 3/6] RUN echo "//npm.pkg.github.com/:_authToken={gh}" > .npmrc && npm ci
#7 0.412 npm warn deprecated inflight@1.0.6: This module is not supported
#7 9.901 added 812 packages in 9s
#7 DONE 10.2s

#9 [builder 5/6] RUN pip install --extra-index-url https://__token__:{gl}@gitlab.fabrikam.org/api/v4/projects/12/packages/pypi/simple -r requirements.txt
#9 1.204 Looking in indexes: https://pypi.org/simple, https://__token__:****@gitlab.fabrikam.org/api/v4/projects/12/packages/pypi/simple
#9 DONE 14.1s
""", [gh, gl])

    hk, p1 = uuid(), pw()
    add("ci-logs/travis-1482.txt", "travis-log-env", f"""travis_fold:start:worker_info
Worker information
hostname: 6f1c2ab1-travis-job-1482
version: v6.2.23
travis_fold:end:worker_info
travis_fold:start:system_info
Build system information
Build language: node
travis_fold:end:system_info

Setting environment variables from repository settings
$ export COVERALLS_REPO_TOKEN=[secure]

Setting environment variables from .travis.yml
$ export NODE_ENV=test
$ export DEPLOY_USER=deploy
$ export HEROKU_API_KEY={hk}
$ export DB_PASSWORD={p1}

$ nvm install 18
""", [hk, p1])

    tenant, appid, cs, gl = uuid(), uuid(), azure_secret(), glpat()
    add("ci-logs/azure-pipelines-9912.txt", "azure-devops-log", "\n".join(
        ["2024-03-11T09:14:%02d.%07dZ %s" % (2 + i // 4, r.randint(0, 9999999), s) for i, s in enumerate([
            "##[section]Starting: Deploy to staging",
            "==============================================================================",
            "Task         : Command line",
            "Description  : Run a command line script using Bash on Linux and macOS and cmd.exe on Windows",
            "Version      : 2.231.1",
            "==============================================================================",
            "Generating script.",
            "========================== Starting Command Output ===========================",
            "[command]/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/5d1c.sh",
            "+ az login --service-principal -u %s -p %s --tenant %s" % (appid, cs, tenant),
            "[",
            '  { "cloudName": "AzureCloud", "isDefault": true, "state": "Enabled" }',
            "]",
            "+ curl -sS -H 'PRIVATE-TOKEN: %s' https://gitlab.fabrikam.org/api/v4/projects/12/trigger/pipeline" % gl,
            "##[section]Finishing: Deploy to staging"])]) + "\n", [cs, gl])

    sa, p1 = "glsa_" + g.alnum(32) + "_" + g.hex(8), pw()
    pre = "2024-03-11T09:14:02.%03dZ [DEBUG] provider.terraform-provider-grafana_v2.14.0:"
    add("logs/terraform-apply-debug.log", "terraform-tf-log-http", "\n".join([
        "2024-03-11T09:14:01.902Z [INFO]  Terraform version: 1.7.4",
        "2024-03-11T09:14:01.990Z [DEBUG] provider: starting plugin: path=.terraform/providers/registry.terraform.io/grafana/grafana/2.14.0/linux_amd64/terraform-provider-grafana_v2.14.0",
        (pre % 114) + " ---[ REQUEST ]---------------------------------------",
        (pre % 114) + " POST /api/folders HTTP/1.1",
        (pre % 114) + " Host: grafana.fabrikam.org",
        (pre % 115) + " Authorization: Bearer " + sa,
        (pre % 115) + " Content-Type: application/json",
        (pre % 115) + ' {"title":"Payments"}',
        (pre % 116) + " -----------------------------------------------------",
        ""]), [sa])

    t1, k1 = opaque(40), g.hex(32)
    add("logs/ansible-deploy-vvv.log", "ansible-vvv-module-args", f"""TASK [deploy : notify deploy webhook] ******************************************
task path: /srv/ansible/roles/deploy/tasks/main.yml:41
<web01.fabrikam.org> ESTABLISH SSH CONNECTION FOR USER: deploy
<web01.fabrikam.org> SSH: EXEC ssh -C -o ControlMaster=auto -o ControlPersist=60s -o User="deploy" web01.fabrikam.org '/bin/sh -c '"'"'/usr/bin/python3 && sleep 0'"'"''
ok: [web01.fabrikam.org] => {{
    "changed": false,
    "invocation": {{
        "module_args": {{
            "body": {{
                "text": "deployed orders-api 2.3.1"
            }},
            "body_format": "json",
            "headers": {{
                "Authorization": "Bearer {t1}",
                "X-Api-Key": "{k1}"
            }},
            "method": "POST",
            "status_code": [
                200
            ],
            "url": "https://hooks.fabrikam.org/deploy",
            "url_password": null,
            "url_username": null,
            "validate_certs": true
        }}
    }},
    "status": 200
}}
""", [t1, k1])

    # ================================================================ load tests
    t1, p1 = opaque(40), pw()
    add("loadtest/k6/checkout.js", "k6-script", """import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  vus: 50,
  duration: '5m',
  thresholds: { http_req_duration: ['p(95)<400'] },
};

const BASE = 'https://staging-api.northwind-apps.com';
const API_TOKEN = '%s';

export function setup() {
  const res = http.post(`${BASE}/auth/login`, JSON.stringify({
    email: 'loadtest@northwind-apps.com',
    password: '%s',
  }), { headers: { 'Content-Type': 'application/json' } });
  return { jwt: res.json('token') };
}

export default function (data) {
  const params = { headers: { Authorization: `Bearer ${data.jwt}`, 'X-Api-Key': API_TOKEN } };
  const res = http.get(`${BASE}/v1/cart`, params);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(1);
}
""" % (t1, p1), [t1, p1])

    k1, p1 = g.hex(40), human()
    add("loadtest/locustfile.py", "locustfile", f"""from locust import HttpUser, between, task


class ShopUser(HttpUser):
    wait_time = between(1, 3)
    host = "https://staging.fabrikam.org"

    def on_start(self):
        self.client.headers.update({{"X-Api-Key": "{k1}"}})
        resp = self.client.post("/api/login", json={{"username": "perf-user-01", "password": "{p1}"}})
        self.client.headers["Authorization"] = "Bearer " + resp.json()["token"]

    @task(3)
    def browse(self):
        self.client.get("/api/products?page=1")

    @task
    def checkout(self):
        self.client.post("/api/cart/checkout", json={{"payment": "invoice"}})
""", [k1, p1])

    t1, p1, p2 = opaque(48), pw(), pw()
    add("loadtest/jmeter/checkout.jmx", "jmeter-jmx", f"""<?xml version="1.0" encoding="UTF-8"?>
<jmeterTestPlan version="1.2" properties="5.0" jmeter="5.6.3">
  <hashTree>
    <TestPlan guiclass="TestPlanGui" testclass="TestPlan" testname="Checkout load">
      <boolProp name="TestPlan.functional_mode">false</boolProp>
    </TestPlan>
    <hashTree>
      <HeaderManager guiclass="HeaderPanel" testclass="HeaderManager" testname="HTTP Header Manager">
        <collectionProp name="HeaderManager.headers">
          <elementProp name="" elementType="Header">
            <stringProp name="Header.name">Authorization</stringProp>
            <stringProp name="Header.value">Bearer {t1}</stringProp>
          </elementProp>
          <elementProp name="" elementType="Header">
            <stringProp name="Header.name">Content-Type</stringProp>
            <stringProp name="Header.value">application/json</stringProp>
          </elementProp>
        </collectionProp>
      </HeaderManager>
      <hashTree/>
      <AuthManager guiclass="AuthPanel" testclass="AuthManager" testname="HTTP Authorization Manager">
        <collectionProp name="AuthManager.auth_list">
          <elementProp name="" elementType="Authorization">
            <stringProp name="Authorization.url">https://admin.staging.fabrikam.org</stringProp>
            <stringProp name="Authorization.username">perf-admin</stringProp>
            <stringProp name="Authorization.password">{p1}</stringProp>
            <stringProp name="Authorization.domain"></stringProp>
            <stringProp name="Authorization.realm"></stringProp>
          </elementProp>
        </collectionProp>
      </AuthManager>
      <hashTree/>
      <HTTPSamplerProxy guiclass="HttpTestSampleGui" testclass="HTTPSamplerProxy" testname="POST /login">
        <elementProp name="HTTPsampler.Arguments" elementType="Arguments">
          <collectionProp name="Arguments.arguments">
            <elementProp name="username" elementType="HTTPArgument">
              <boolProp name="HTTPArgument.always_encode">false</boolProp>
              <stringProp name="Argument.value">perf-user-01</stringProp>
              <stringProp name="Argument.name">username</stringProp>
            </elementProp>
            <elementProp name="password" elementType="HTTPArgument">
              <boolProp name="HTTPArgument.always_encode">false</boolProp>
              <stringProp name="Argument.value">{p2}</stringProp>
              <stringProp name="Argument.name">password</stringProp>
            </elementProp>
          </collectionProp>
        </elementProp>
        <stringProp name="HTTPSampler.domain">staging.fabrikam.org</stringProp>
        <stringProp name="HTTPSampler.protocol">https</stringProp>
        <stringProp name="HTTPSampler.path">/api/login</stringProp>
        <stringProp name="HTTPSampler.method">POST</stringProp>
      </HTTPSamplerProxy>
      <hashTree/>
    </hashTree>
  </hashTree>
</jmeterTestPlan>
""", [t1, p1, p2])

    k1, p1 = g.alnum(32), pw()
    add("loadtest/gatling/src/test/scala/simulations/OrdersSimulation.scala", "gatling-simulation", f"""package simulations

import io.gatling.core.Predef._
import io.gatling.http.Predef._
import scala.concurrent.duration._

class OrdersSimulation extends Simulation {{

  val httpProtocol = http
    .baseUrl("https://api.staging.contoso-hosting.net")
    .acceptHeader("application/json")
    .header("X-Api-Key", "{k1}")
    .basicAuth("perf", "{p1}")

  val scn = scenario("List orders")
    .exec(http("list").get("/v1/orders?limit=50").check(status.is(200)))
    .pause(1.second)

  setUp(scn.inject(rampUsers(200).during(2.minutes))).protocols(httpProtocol)
}}
""", [k1, p1])

    k1, p1 = g.alnum(40), pw()
    add("loadtest/artillery/checkout.yml", "artillery-yaml", f"""config:
  target: "https://api.staging.northwind-apps.com"
  phases:
    - duration: 300
      arrivalRate: 20
      name: sustained
  defaults:
    headers:
      x-api-key: "{k1}"
scenarios:
  - name: login and browse
    flow:
      - post:
          url: "/auth/login"
          json:
            username: "perf-bot"
            password: "{p1}"
          capture:
            - json: "$.token"
              as: "token"
      - get:
          url: "/v1/catalog"
          headers:
            Authorization: "Bearer {{{{ token }}}}"
""", [k1, p1])

    p1, k1, t1 = human(), g.alnum(32), g.hex(40)
    add("scripts/bench/run-bench.sh", "ab-hey-siege-commands", f"""#!/bin/sh
# quick capacity checks before the sale
ab -n 2000 -c 50 -A admin:{p1} https://intranet.northwind-apps.com/status
hey -z 2m -c 40 -H "X-Api-Key: {k1}" https://api.northwind-apps.com/v1/catalog
""", [p1, k1])

    # ================================================================ API test tooling
    p1, p2, k1 = pw(), pw(), g.alnum(32)
    add("soapui/Billing-soapui-project.xml", "soapui-project", f"""<?xml version="1.0" encoding="UTF-8"?>
<con:soapui-project id="{uuid()}" activeEnvironment="Default" name="Billing" resourceRoot="" soapui-version="5.7.2" xmlns:con="http://eviware.com/soapui/config">
  <con:settings/>
  <con:interface xsi:type="con:WsdlInterface" id="{uuid()}" wsaVersion="NONE" name="BillingServiceSoapBinding" type="wsdl" soapVersion="1_1" anonymous="optional" definition="https://erp.fabrikam.org/ws/billing?wsdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <con:operation id="{uuid()}" isOneWay="false" action="" name="GetInvoices" bindingOperationName="GetInvoices" type="Request-Response" inputName="" receivesAttachments="false" sendsAttachments="false">
      <con:call id="{uuid()}" name="Request 1">
        <con:settings/>
        <con:encoding>UTF-8</con:encoding>
        <con:endpoint>https://erp.fabrikam.org/ws/billing</con:endpoint>
        <con:request><![CDATA[<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:bil="http://fabrikam.org/billing">
   <soapenv:Header>
      <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
         <wsse:UsernameToken>
            <wsse:Username>svc_billing</wsse:Username>
            <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">{p1}</wsse:Password>
         </wsse:UsernameToken>
      </wsse:Security>
   </soapenv:Header>
   <soapenv:Body>
      <bil:GetInvoices><bil:CustomerId>81822</bil:CustomerId></bil:GetInvoices>
   </soapenv:Body>
</soapenv:Envelope>]]></con:request>
        <con:credentials>
          <con:username>svc_billing</con:username>
          <con:password>{p2}</con:password>
          <con:selectedAuthProfile>Basic</con:selectedAuthProfile>
          <con:authType>Global HTTP Settings</con:authType>
        </con:credentials>
        <con:wsaConfig mustUnderstand="NONE" version="200508"/>
      </con:call>
    </con:operation>
  </con:interface>
  <con:properties>
    <con:property><con:name>apiVersion</con:name><con:value>2.4</con:value></con:property>
    <con:property><con:name>customerId</con:name><con:value>81822</con:value></con:property>
  </con:properties>
  <con:wssContainer/>
</con:soapui-project>
""", [p1, p2])

    t1, k1 = opaque(40), g.hex(32)
    add("thunder-tests/collections/tc_col_orders.json", "thunder-client-collection", json.dumps({
        "_id": uuid(), "colName": "Orders", "created": "2024-03-01T10:12:44.114Z", "sortNum": 10000,
        "folders": [], "settings": {"headers": [{"name": "X-Api-Key", "value": k1}]},
        "requests": [{"_id": uuid(), "colId": uuid(), "containerId": "", "name": "List orders",
                      "url": "https://api.northwind-apps.com/v2/orders", "method": "GET", "sortNum": 10000,
                      "created": "2024-03-01T10:13:02.552Z", "modified": "2024-03-11T09:14:02.114Z",
                      "headers": [{"name": "Accept", "value": "application/json"}],
                      "auth": {"type": "bearer", "bearer": t1}, "tests": []}]}, indent=2) + "\n", [t1, k1])

    p1, k1 = pw(), g.alnum(32)
    add("reports/newman/newman-run-report-2024-03-11-09-14-02-114-0.json", "newman-json-report", json.dumps({
        "collection": {"info": {"_postman_id": uuid(), "name": "Orders smoke",
                                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                       "item": [], "auth": {"type": "basic", "basic": [
                           {"key": "password", "value": p1, "type": "string"},
                           {"key": "username", "value": "smoke", "type": "string"}]}},
        "run": {"stats": {"requests": {"total": 1, "pending": 0, "failed": 0}},
                "executions": [{"cursor": {"position": 0, "iteration": 0, "length": 1},
                                "item": {"id": uuid(), "name": "List orders"},
                                "request": {"url": {"protocol": "https", "host": ["api", "fabrikam", "org"],
                                                    "path": ["v2", "orders"]},
                                            "header": [{"key": "X-Api-Key", "value": k1},
                                                       {"key": "User-Agent", "value": "PostmanRuntime/7.36.3"}],
                                            "method": "GET"},
                                "response": {"id": uuid(), "status": "OK", "code": 200, "responseTime": 212}}]}},
        indent=2) + "\n", [p1, k1])

    k1, t1 = g.hex(32), opaque(44)
    add("hoppscotch/orders-collection.json", "hoppscotch-collection", json.dumps([{
        "v": 2, "name": "Orders", "folders": [],
        "requests": [{"v": "1", "endpoint": "https://api.acmecorp.de/v1/orders", "name": "List orders",
                      "params": [{"key": "api_key", "value": k1, "active": True}],
                      "headers": [], "method": "GET",
                      "auth": {"authType": "bearer", "authActive": True, "token": t1},
                      "preRequestScript": "", "testScript": "",
                      "body": {"contentType": None, "body": None}}],
        "auth": {"authType": "inherit", "authActive": True}, "headers": []}], indent=2) + "\n", [k1, t1])

    p1, k1 = pw(), g.alnum(32)
    add("api-tests/orders.hurl", "hurl-file", f"""# Login then list orders (run: hurl --test api-tests/orders.hurl)
POST https://api.staging.fabrikam.org/v1/login
[BasicAuth]
svc-qa: {p1}
HTTP 200
[Captures]
token: jsonpath "$.token"

GET https://api.staging.fabrikam.org/v1/orders
Authorization: Bearer {{{{token}}}}
X-Api-Key: {k1}
HTTP 200
[Asserts]
jsonpath "$.orders" count > 0
""", [p1, k1])

    t1, p1 = opaque(40), pw()
    add("src/test/karate/orders/orders.feature", "karate-feature", f"""Feature: orders API

  Background:
    * url 'https://api.staging.northwind-apps.com'
    * header Authorization = 'Bearer {t1}'
    * def adminPassword = '{p1}'

  Scenario: list open orders
    Given path 'v1', 'orders'
    And param status = 'open'
    When method get
    Then status 200
""", [t1, p1])

    p1, k1, t1 = pw(), g.alnum(32), opaque(40)
    add("src/test/java/com/fabrikam/api/OrdersApiIT.java", "rest-assured-test", f"""package com.fabrikam.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

class OrdersApiIT {{

    private static final String BASE = "https://api.staging.fabrikam.org";

    @Test
    void adminCanListOrders() {{
        given().baseUri(BASE)
            .auth().preemptive().basic("qa-admin", "{p1}")
        .when().get("/v1/admin/orders")
        .then().statusCode(200);
    }}

    @Test
    void partnerKeyWorks() {{
        given().baseUri(BASE)
            .header("X-Api-Key", "{k1}")
        .when().get("/v1/catalog")
        .then().statusCode(200).body("status", equalTo("ok"));
    }}
}}
""", [p1, k1])

    k1, bu, bp = g.hex(32), "crm-sync", plain()
    basic = b64(f"{bu}:{bp}")
    add("spec/cassettes/CrmSync/pushes_contacts.yml", "ruby-vcr-cassette", f"""---
http_interactions:
- request:
    method: post
    uri: https://crm.contoso-hosting.net/api/v2/contacts
    body:
      encoding: UTF-8
      string: '{{"email":"jane@contoso-hosting.net","name":"Jane"}}'
    headers:
      Content-Type:
      - application/json
      X-Api-Key:
      - {k1}
      User-Agent:
      - Faraday v2.9.0
  response:
    status:
      code: 201
      message: Created
    headers:
      Content-Type:
      - application/json
    body:
      encoding: UTF-8
      string: '{{"id":81822}}'
  recorded_at: Mon, 11 Mar 2024 09:14:02 GMT
- request:
    method: get
    uri: https://legacy.contoso-hosting.net/export/contacts.csv
    body:
      encoding: US-ASCII
      string: ''
    headers:
      Authorization:
      - Basic {basic}
  response:
    status:
      code: 200
      message: OK
    body:
      encoding: UTF-8
      string: "id,email\\n"
  recorded_at: Mon, 11 Mar 2024 09:14:03 GMT
recorded_with: VCR 6.2.0
""", [k1, basic])

    hs, t1 = "pat-na1-" + uuid(), opaque(40)
    add("tests/cassettes/test_sync_contacts.yaml", "vcrpy-cassette", f"""interactions:
- request:
    body: '{{"properties": {{"email": "jane@fabrikam.org"}}}}'
    headers:
      Accept:
      - '*/*'
      Authorization:
      - Bearer {hs}
      Connection:
      - keep-alive
      Content-Type:
      - application/json
    method: POST
    uri: https://api.hubapi.com/crm/v3/objects/contacts
  response:
    body:
      string: '{{"id": "5012"}}'
    headers:
      Content-Type:
      - application/json;charset=utf-8
    status:
      code: 201
      message: Created
- request:
    body: null
    headers:
      Accept:
      - '*/*'
    method: GET
    uri: https://api.mailcast.io/v1/lists?access_token={t1}
  response:
    body:
      string: '{{"lists": []}}'
    status:
      code: 200
      message: OK
version: 1
""", [hs, t1])

    t1, p1 = opaque(48), pw()
    add("wiremock/mappings/payments-charges.json", "wiremock-mapping", json.dumps({
        "request": {"method": "POST", "url": "/v1/charges",
                    "headers": {"Authorization": {"equalTo": "Bearer " + t1}},
                    "basicAuthCredentials": {"username": "payments-svc", "password": p1}},
        "response": {"status": 201, "jsonBody": {"id": "ch_81822", "status": "succeeded"},
                     "headers": {"Content-Type": "application/json"}}}, indent=2) + "\n", [t1, p1])

    t1, p1, k1 = opaque(40), pw(), g.alnum(32)
    add("services/orders-api/.vscode/settings.json", "vscode-rest-client-env", json.dumps({
        "editor.formatOnSave": True,
        "rest-client.environmentVariables": {
            "$shared": {"version": "v2"},
            "staging": {"baseUrl": "https://api.staging.fabrikam.org", "token": t1, "adminPassword": p1},
            "production": {"baseUrl": "https://api.fabrikam.org", "apiKey": "{{$dotenv PROD_API_KEY}}"}}}, indent=4) + "\n", [t1, p1])

    k1, t1, p1 = g.alnum(32), opaque(44), pw()
    add("exports/sentry/event-5f2c9a.json", "sentry-event-json", """{
  "event_id": "%s",
  "project": 4506871,
  "release": "shop-api@2.3.1",
  "environment": "production",
  "platform": "python",
  "level": "error",
  "request": {
    "url": "https://api.northwind-apps.com/v1/checkout",
    "method": "POST",
    "query_string": [["api_key", "%s"], ["currency", "EUR"]],
    "headers": [
      ["Authorization", "Bearer %s"],
      ["Content-Type", "application/json"],
      ["User-Agent", "NorthwindApp/5.2.1"]
    ],
    "data": {"email": "kim@northwind-apps.com", "password": "%s", "remember": true}
  },
  "exception": {"values": [{"type": "KeyError", "value": "'cart_id'", "module": "builtins"}]},
  "tags": [["server_name", "api-7d9f8c-x2k4p"], ["transaction", "/v1/checkout"]]
}
""" % (g.hex(32), k1, t1, p1), [k1, t1, p1])

    # ================================================================ negatives
    add("neg/b13/captures/api-sanitized.har", "neg-har-redacted", json.dumps({"log": {
        "version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
        "entries": [{"startedDateTime": "2024-03-11T09:14:02.301Z", "time": 84,
                     "request": {"method": "GET", "url": "https://shop.example.com/api/cart?currency=EUR&page=2",
                                 "httpVersion": "http/2.0",
                                 "headers": [{"name": "authorization", "value": "REDACTED"},
                                             {"name": "if-none-match", "value": 'W/"%s"' % g.hex(40)},
                                             {"name": "traceparent", "value": "00-%s-%s-01" % (g.hex(32), g.hex(16))},
                                             {"name": "x-request-id", "value": uuid()}],
                                 "cookies": [], "queryString": [{"name": "currency", "value": "EUR"}]},
                     "response": {"status": 200, "headers": [{"name": "etag", "value": '"%s"' % g.hex(32)}],
                                  "content": {"size": 211, "mimeType": "application/json"}}}]}}, indent=2) + "\n",
        negative=True)

    add("neg/b13/logs/iis/u_ex240312.log", "neg-access-log-filtered", f"""#Software: Microsoft Internet Information Services 10.0
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
2024-03-12 00:00:02 10.1.4.20 GET /api/v2/orders apikey=[FILTERED]&page=2 443 - 10.1.9.7 okhttp/4.12.0 - 200 0 0 46
2024-03-12 00:00:04 10.1.4.20 GET /signin-oidc state={uuid()}&code_challenge={g.b64url(43)}&code_challenge_method=S256 443 - 10.1.9.33 Mozilla/5.0 - 302 0 0 12
2024-03-12 00:00:05 10.1.4.20 GET /reports/export.aspx format=csv&token=***** 443 - 10.1.9.41 PowerShell/7.4 - 200 0 0 812
""", negative=True)

    add("neg/b13/loadtest/k6/smoke.js", "neg-k6-env", """import http from 'k6/http';

const BASE = __ENV.BASE_URL || 'https://staging-api.example.com';
const API_TOKEN = __ENV.API_TOKEN;

export function setup() {
  const res = http.post(`${BASE}/auth/login`, JSON.stringify({
    email: __ENV.LOADTEST_USER,
    password: __ENV.LOADTEST_PASSWORD,
  }), { headers: { 'Content-Type': 'application/json' } });
  return { jwt: res.json('token') };
}

export default function (data) {
  http.get(`${BASE}/v1/cart`, { headers: { Authorization: `Bearer ${data.jwt}`, 'X-Api-Key': API_TOKEN } });
}
""", negative=True)

    add("neg/b13/loadtest/locustfile.py", "neg-locust-env", """import os

from locust import HttpUser, between, task


class ShopUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers.update({"X-Api-Key": os.environ["PERF_API_KEY"]})
        self.client.post("/api/login", json={"username": os.environ["PERF_USER"],
                                             "password": os.environ["PERF_PASSWORD"]})

    @task
    def browse(self):
        self.client.get("/api/products?page=1")
""", negative=True)

    add("neg/b13/loadtest/jmeter/smoke.jmx", "neg-jmeter-properties", """<?xml version="1.0" encoding="UTF-8"?>
<jmeterTestPlan version="1.2" properties="5.0" jmeter="5.6.3">
  <hashTree>
    <HeaderManager guiclass="HeaderPanel" testclass="HeaderManager" testname="HTTP Header Manager">
      <collectionProp name="HeaderManager.headers">
        <elementProp name="" elementType="Header">
          <stringProp name="Header.name">Authorization</stringProp>
          <stringProp name="Header.value">Bearer ${__P(token,)}</stringProp>
        </elementProp>
      </collectionProp>
    </HeaderManager>
    <AuthManager guiclass="AuthPanel" testclass="AuthManager" testname="HTTP Authorization Manager">
      <collectionProp name="AuthManager.auth_list">
        <elementProp name="" elementType="Authorization">
          <stringProp name="Authorization.url">https://admin.staging.example.com</stringProp>
          <stringProp name="Authorization.username">${__P(admin.user)}</stringProp>
          <stringProp name="Authorization.password">${__P(admin.password)}</stringProp>
        </elementProp>
      </collectionProp>
    </AuthManager>
    <elementProp name="password" elementType="HTTPArgument">
      <stringProp name="Argument.value">${PASSWORD}</stringProp>
      <stringProp name="Argument.name">password</stringProp>
    </elementProp>
  </hashTree>
</jmeterTestPlan>
""", negative=True)

    add("neg/b13/spec/cassettes/Billing/creates_charge.yml", "neg-vcr-filtered", """---
http_interactions:
- request:
    method: post
    uri: https://api.stripe.com/v1/charges
    body:
      encoding: UTF-8
      string: amount=2000&currency=eur&source=tok_visa
    headers:
      Authorization:
      - Bearer <STRIPE_SECRET_KEY>
      X-Api-Key:
      - "<CRM_API_KEY>"
      Idempotency-Key:
      - %s
  response:
    status:
      code: 200
      message: OK
  recorded_at: Mon, 11 Mar 2024 09:14:02 GMT
recorded_with: VCR 6.2.0
""" % uuid(), negative=True)

    add("neg/b13/exports/sentry/event.json", "neg-sentry-filtered", """{
  "event_id": "%s",
  "release": "shop-api@2.3.1",
  "request": {
    "url": "https://api.example.com/v1/checkout",
    "method": "POST",
    "query_string": [["api_key", "[Filtered]"], ["currency", "EUR"]],
    "headers": [
      ["Authorization", "[Filtered]"],
      ["Cookie", "[Filtered]"],
      ["Sentry-Trace", "%s-%s-1"]
    ],
    "data": {"email": "[email]", "password": "[Filtered]"}
  }
}
""" % (g.hex(32), g.hex(32), g.hex(16)), negative=True)

    add("neg/b13/reports/newman/report.json", "neg-newman-unresolved", json.dumps({
        "collection": {"info": {"name": "Orders smoke"}, "auth": {"type": "basic", "basic": [
            {"key": "password", "value": "{{smokePassword}}", "type": "string"},
            {"key": "username", "value": "{{smokeUser}}", "type": "string"}]}},
        "run": {"executions": [{"request": {"header": [{"key": "X-Api-Key", "value": "{{apiKey}}"}],
                                            "method": "GET"},
                                "response": {"id": uuid(), "code": 200}}]}}, indent=2) + "\n", negative=True)

    add("neg/b13/soapui/Billing-soapui-project.xml", "neg-soapui-expansions", """<?xml version="1.0" encoding="UTF-8"?>
<con:soapui-project activeEnvironment="Default" name="Billing" soapui-version="5.7.2" xmlns:con="http://eviware.com/soapui/config">
  <con:call name="Request 1">
    <con:request><![CDATA[<wsse:UsernameToken>
            <wsse:Username>${#Project#wsUser}</wsse:Username>
            <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${#Project#wsPassword}</wsse:Password>
         </wsse:UsernameToken>]]></con:request>
    <con:credentials>
      <con:username>${#Env#BILLING_USER}</con:username>
      <con:password>${#Env#BILLING_PASSWORD}</con:password>
      <con:authType>Global HTTP Settings</con:authType>
    </con:credentials>
  </con:call>
  <con:properties>
    <con:property><con:name>apiKey</con:name><con:value/></con:property>
  </con:properties>
</con:soapui-project>
""", negative=True)

    add("neg/b13/logcat/okhttp-redacted.txt", "neg-okhttp-redacted", "\n".join(
        ["03-12 10:02:11.%03d  8123  8190 I okhttp.OkHttpClient: %s" % (r.randint(100, 999), s) for s in [
            "--> POST https://api.example.com/v1/auth/refresh",
            "Content-Type: application/json; charset=utf-8",
            "Authorization: \u2588\u2588",
            "Cookie: \u2588\u2588",
            "X-Request-Id: " + uuid(),
            "--> END POST (96-byte body)",
            "<-- 200 https://api.example.com/v1/auth/refresh (212ms)",
            "ETag: W/\"%s\"" % g.hex(40)]]) + "\n", negative=True)

    add("neg/b13/wiremock/mappings/auth.json", "neg-wiremock-matchers", json.dumps({
        "request": {"method": "POST", "url": "/v1/charges",
                    "headers": {"Authorization": {"matches": "Bearer [A-Za-z0-9._-]+"},
                                "X-Api-Key": {"equalTo": "{{request.headers.X-Api-Key}}"}},
                    "basicAuthCredentials": {"username": "user", "password": "password"}},
        "response": {"status": 201, "jsonBody": {"id": "ch_test_123"}}}, indent=2) + "\n", negative=True)

    add("neg/b13/ci-logs/azure-pipelines-9913.txt", "neg-ci-log-masked", """2024-03-12T09:14:02.1142110Z ##[section]Starting: Deploy to staging
2024-03-12T09:14:02.2201002Z [command]/usr/bin/bash --noprofile --norc /home/vsts/work/_temp/5d1c.sh
2024-03-12T09:14:02.5012004Z + az login --service-principal -u *** -p *** --tenant ***
2024-03-12T09:14:03.1001010Z + curl -sS -H 'PRIVATE-TOKEN: ***' https://gitlab.example.com/api/v4/projects/12/trigger/pipeline
2024-03-12T09:14:03.4410002Z $ export DB_PASSWORD=[secure]
2024-03-12T09:14:03.9001201Z ##[section]Finishing: Deploy to staging
""", negative=True)
