"""Nineteenth batch of the real-world set: messaging middleware, log shippers and data pipelines.

Written blind (committed before any scanner ran on it) from the tools' documented configuration
formats and how they are used in real repositories: metrics and log shippers (Telegraf
`telegraf.conf`, Vector TOML/YAML sinks, Fluent Bit classic and YAML outputs, Metricbeat and
Heartbeat, rsyslog `omelasticsearch`/`omhttp`, syslog-ng destinations), Splunk (`outputs.conf`,
`inputs.conf` HEC tokens, `server.conf` `pass4SymmKey`, a HEC `curl`), NATS (`.creds` files,
`nats-server.conf` accounts), Apache Camel (Spring Boot properties, Java/XML/YAML route URIs),
MuleSoft (`config.yaml`, XML connectors, a deploy pipeline), ActiveMQ Artemis (`broker.xml`,
`artemis-users.properties`) and Classic (`activemq.xml`), IBM MQ (container env, JMS), Pulsar
(`client.conf`, Python client), Redpanda `rpk.yaml`, Kafka ecosystem (a Snowflake sink connector,
Schema Registry basic auth, ksqlDB statements, `kcat -X`, Azure Event Hubs over the Kafka
protocol), Flink `flink-conf.yaml`, NiFi `nifi.properties`, StreamSets SDK, Singer/Meltano/Airbyte
configs, OpenTelemetry Collector exporters and `OTEL_EXPORTER_OTLP_HEADERS`, Jaeger storage
flags, Graylog `server.conf`, Promtail and Loki, a Thanos Azure object-store secret and Sentry
Relay credentials. Negatives are the same files with environment look-ups, secret-store
references, encrypted values, placeholders from the docs and release checksums.
"""

import base64
import json
import string

from shapes import B62, UPPER_ALNUM, without


def build_nineteenth(g, add):
    r = g.r
    B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

    def q(p):
        return without(p, '\'"\\`$<>&#%{};,()')

    def pw():
        p = q(g.password())
        while p[0] in "*!@?-=~^+:":  # a config-significant first character: people quote or pick again
            p = q(g.password())
        return p

    plain = g.url_password

    uuid = g.uuid4

    def b64u(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    def influx_token():
        return g.b64url(86) + "=="

    def nkey_seed(kind="U"):
        return "S" + kind + g.chars(B32, 56)

    def nkey_public(kind="U"):
        return kind + g.chars(B32, 55)

    def jwt_hs(sub):
        return "%s.%s.%s" % (b64u({"alg": "HS256"}), b64u({"sub": sub}), g.b64url(43))

    def grafana_cloud_token(stack, name):
        body = {"o": str(r.randint(100000, 999999)), "n": name,
                "k": g.alnum(24), "m": {"r": stack}}
        return "glc_" + base64.b64encode(json.dumps(body, separators=(",", ":")).encode()).decode()

    # ================================================================ Telegraf
    t1, p1, p2 = influx_token(), plain(), pw()
    add("monitoring/telegraf/telegraf.conf", "telegraf-outputs-inputs", f"""# Telegraf Configuration
[global_tags]
  dc = "fra-1"
  rack = "r12"

[agent]
  interval = "10s"
  round_interval = true
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  flush_interval = "10s"
  hostname = ""
  omit_hostname = false

###############################################################################
#                            OUTPUT PLUGINS                                   #
###############################################################################

[[outputs.influxdb_v2]]
  urls = ["https://influx.metrics.northwind-apps.com:8086"]
  token = "{t1}"
  organization = "northwind"
  bucket = "telegraf"

[[outputs.influxdb]]
  urls = ["http://influx-legacy.internal:8086"]
  database = "telegraf"
  username = "telegraf"
  password = "{p2}"
  skip_database_creation = true

###############################################################################
#                            INPUT PLUGINS                                    #
###############################################################################

[[inputs.cpu]]
  percpu = true
  totalcpu = true

[[inputs.mem]]

[[inputs.mysql]]
  servers = ["telegraf:{p1}@tcp(mysql-primary.internal:3306)/?tls=false"]
  gather_process_list = true
""", [t1, p1, p2])

    # ================================================================ Vector
    k1, p1 = g.hex(32), pw()
    add("deploy/vector/vector.toml", "vector-toml-sinks", f"""data_dir = "/var/lib/vector"

[sources.app_logs]
type = "file"
include = ["/var/log/app/*.log"]

[transforms.parse]
type = "remap"
inputs = ["app_logs"]
source = '''
. = parse_json!(.message)
'''

[sinks.datadog]
type = "datadog_logs"
inputs = ["parse"]
default_api_key = "{k1}"
site = "datadoghq.eu"
compression = "gzip"

[sinks.elastic]
type = "elasticsearch"
inputs = ["parse"]
endpoints = ["https://es.logging.internal:9200"]
auth.strategy = "basic"
auth.user = "vector_writer"
auth.password = "{p1}"
bulk.index = "app-logs-%Y.%m.%d"
""", [k1, p1])

    t1, ak, sk = uuid().upper(), g.aws_key_id(), g.aws_secret()
    add("k8s/logging/vector-agent.yaml", "vector-yaml-splunk-s3", f"""sources:
  kubernetes_logs:
    type: kubernetes_logs

sinks:
  splunk:
    type: splunk_hec_logs
    inputs: ["kubernetes_logs"]
    endpoint: "https://splunk-hec.northwind-apps.com:8088"
    default_token: "{t1}"
    encoding:
      codec: json
  archive:
    type: aws_s3
    inputs: ["kubernetes_logs"]
    bucket: "nw-log-archive"
    region: "eu-central-1"
    auth:
      access_key_id: "{ak}"
      secret_access_key: "{sk}"
    encoding:
      codec: json
""", [t1, ak, sk])

    # ================================================================ Fluent Bit
    p1, t1, k1 = pw(), uuid(), g.hex(32)
    cloud_id = "prod-logs:" + base64.b64encode(
        ("europe-west3.gcp.cloud.es.io$%s$%s" % (g.hex(32), g.hex(32))).encode()).decode()
    add("logging/fluent-bit/fluent-bit.conf", "fluent-bit-cloud-splunk-datadog", f"""[SERVICE]
    Flush        5
    Daemon       Off
    Log_Level    info
    Parsers_File parsers.conf

[INPUT]
    Name              tail
    Tag               kube.*
    Path              /var/log/containers/*.log
    Parser            docker
    Mem_Buf_Limit     5MB

[OUTPUT]
    Name        es
    Match       kube.*
    Cloud_ID    {cloud_id}
    Cloud_Auth  elastic:{p1}
    tls         On
    Suppress_Type_Name On

[OUTPUT]
    Name          splunk
    Match         *
    Host          splunk-hec.corp.internal
    Port          8088
    Splunk_Token  {t1}
    TLS           On
    TLS.Verify    Off

[OUTPUT]
    Name        datadog
    Match       *
    Host        http-intake.logs.datadoghq.com
    TLS         on
    compress    gzip
    apikey      {k1}
    dd_service  checkout
""", [p1, t1, k1])

    p1, t1 = pw(), g.alnum(40)
    add("observability/fluent-bit/fluent-bit.yaml", "fluent-bit-yaml-loki-http", f"""service:
  flush: 1
  log_level: info

pipeline:
  inputs:
    - name: systemd
      tag: host.*
      systemd_filter: _SYSTEMD_UNIT=docker.service

  outputs:
    - name: loki
      match: host.*
      host: logs.grafana-tenant.internal
      port: 443
      tls: on
      http_user: "482913"
      http_passwd: {p1}
      labels: job=fluent-bit

    - name: http
      match: '*'
      host: ingest.logs.northwind-apps.com
      port: 443
      uri: /v1/bulk
      format: json
      tls: on
      header: Authorization Bearer {t1}
""", [p1, t1])

    # ================================================================ Beats
    kid, kval, p1 = g.alnum(20), g.b64url(22), pw()
    add("beats/metricbeat/metricbeat.yml", "metricbeat-api-key-modules", f"""metricbeat.config.modules:
  path: ${{path.config}}/modules.d/*.yml
  reload.enabled: false

metricbeat.modules:
  - module: mysql
    metricsets: ["status", "galera_status"]
    period: 10s
    hosts: ["root:{p1}@tcp(db-prod-1.internal:3306)/"]

  - module: system
    metricsets: ["cpu", "memory", "network"]

output.elasticsearch:
  hosts: ["https://es-prod.internal:9243"]
  api_key: "{kid}:{kval}"

setup.kibana:
  host: "https://kibana.internal:5601"
""", [p1, kval])

    p1 = pw()
    b1 = base64.b64encode(("uptime:%s" % pw()).encode()).decode()
    add("beats/heartbeat/heartbeat.yml", "heartbeat-monitors-auth", f"""heartbeat.monitors:
- type: http
  id: admin-api
  name: Admin API
  schedule: '@every 30s'
  urls: ["https://admin.northwind-apps.com/health"]
  username: monitor
  password: "{p1}"
  check.response.status: [200]

- type: http
  id: partner-gateway
  schedule: '@every 1m'
  urls: ["https://gw.partner-hub.io/v2/ping"]
  check.request:
    method: GET
    headers:
      Authorization: "Basic {b1}"

output.elasticsearch:
  hosts: ["es-monitoring.internal:9200"]
""", [p1, b1])

    # ================================================================ rsyslog / syslog-ng
    p1 = pw()
    add("etc/rsyslog.d/60-elasticsearch.conf", "rsyslog-omelasticsearch", f"""module(load="omelasticsearch")

template(name="es-index" type="list") {{
    constant(value="syslog-")
    property(name="timereported" dateFormat="rfc3339" position.from="1" position.to="10")
}}

action(type="omelasticsearch"
       server="es-logs.internal"
       serverport="9200"
       usehttps="on"
       uid="rsyslog"
       pwd="{p1}"
       template="plain-syslog"
       searchIndex="es-index"
       dynSearchIndex="on"
       bulkmode="on"
       action.resumeretrycount="-1")
""", [p1])

    t1, t2 = uuid(), g.alnum(32)
    add("etc/rsyslog.d/22-loggly.conf", "rsyslog-loggly-omhttp", f"""# Setup disk assisted queues
$WorkDirectory /var/spool/rsyslog
$ActionQueueFileName fwdRule1
$ActionQueueMaxDiskSpace 1g
$ActionQueueSaveOnShutdown on
$ActionQueueType LinkedList
$ActionResumeRetryCount -1

template(name="LogglyFormat" type="string"
 string="<%pri%>%protocol-version% %timestamp:::date-rfc3339% %HOSTNAME% %app-name% %procid% %msgid% [{t1}@41058 tag=\\"web\\"] %msg%\\n")

*.* action(type="omfwd" protocol="tcp" target="logs-01.loggly.com" port="514" template="LogglyFormat")

module(load="omhttp")
action(type="omhttp"
       server="ingest.logs-saas.io"
       serverport="443"
       restpath="v1/ingest"
       httpheaderkey="Authorization"
       httpheadervalue="Bearer {t2}"
       template="json-msg")
""", [t1, t2])

    p1, t1 = pw(), g.alnum(32)
    add("etc/syslog-ng/conf.d/remote.conf", "syslog-ng-destinations", f"""@version: 4.2

source s_local {{ system(); internal(); }};

destination d_elastic {{
    elasticsearch-http(
        url("https://es-logs.internal:9200/_bulk")
        index("syslog-ng")
        type("")
        user("syslog_ng")
        password("{p1}")
        tls(peer-verify(yes) ca-file("/etc/ssl/certs/internal-ca.pem"))
    );
}};

destination d_saas {{
    http(
        url("https://listener.logs-saas.io:8071")
        method("POST")
        headers("Content-Type: application/json", "X-Api-Key: {t1}")
        body("$(format-json --scope rfc5424 --key ISODATE)")
    );
}};

log {{ source(s_local); destination(d_elastic); destination(d_saas); }};
""", [p1, t1])

    # ================================================================ Splunk
    t1, p1 = uuid().upper(), pw()
    add("splunk/etc/system/local/outputs.conf", "splunk-outputs-conf", f"""[tcpout]
defaultGroup = indexer_cluster

[tcpout:indexer_cluster]
server = idx1.splunk.internal:9997, idx2.splunk.internal:9997
clientCert = $SPLUNK_HOME/etc/auth/mycerts/forwarder.pem
sslPassword = {p1}
sslVerifyServerCert = true

[httpout]
httpEventCollectorToken = {t1}
uri = https://hec.splunk.internal:8088
batchSize = 65536
""", [t1, p1])

    t1, t2 = uuid().upper(), uuid()
    add("splunk/etc/apps/nw_hec_inputs/local/inputs.conf", "splunk-inputs-hec", f"""[http]
disabled = 0
enableSSL = 1
port = 8088

[http://checkout_service]
disabled = 0
index = checkout
indexes = checkout
sourcetype = _json
token = {t1}

[http://k8s_cluster_logs]
disabled = 0
index = k8s
token = {t2}
useACK = 1
""", [t1, t2])

    p1, p3 = pw(), pw()
    add("splunk/etc/system/local/server.conf", "splunk-server-pass4symmkey", f"""[general]
serverName = sh01-prod
pass4SymmKey = {p1}

[sslConfig]
sslRootCAPath = $SPLUNK_HOME/etc/auth/cacert.pem
serverCert = $SPLUNK_HOME/etc/auth/server.pem

[clustering]
mode = searchhead
manager_uri = https://cm01.splunk.internal:8089
pass4SymmKey = {p3}
multisite = false
""", [p1, p3])

    t1 = uuid()
    add("scripts/notify_deploy.sh", "splunk-hec-curl", f"""#!/usr/bin/env bash
set -euo pipefail

VERSION="$1"
curl -sk https://splunk.corp-logs.net:8088/services/collector/event \\
  -H "Authorization: Splunk {t1}" \\
  -d "{{\\"event\\": {{\\"action\\": \\"deploy\\", \\"version\\": \\"$VERSION\\"}}, \\"sourcetype\\": \\"deploy\\"}}"
""", [t1])

    # ================================================================ NATS
    seed = nkey_seed("U")
    jwt = "%s.%s.%s" % (b64u({"typ": "JWT", "alg": "ed25519-nkey"}),
                        b64u({"jti": g.chars(B32, 52), "iat": 1712000000 + r.randint(0, 10**6),
                              "iss": nkey_public("A"), "name": "orders-svc", "sub": nkey_public("U"),
                              "nats": {"pub": {}, "sub": {}, "subs": -1, "data": -1,
                                       "payload": -1, "type": "user", "version": 2}}),
                        g.b64url(86))
    add("deploy/nats/orders-svc.creds", "nats-creds-file", f"""-----BEGIN NATS USER JWT-----
{jwt}
------END NATS USER JWT------

************************* IMPORTANT *************************
NKEY Seed printed below can be used to sign and prove identity.
NKEYs are sensitive and should be treated as secrets.

-----BEGIN USER NKEY SEED-----
{seed}
------END USER NKEY SEED------

*************************************************************
""", blocks=[("-----BEGIN NATS USER JWT-----", "------END USER NKEY SEED------")])

    p1, t1, p3 = pw(), g.alnum(32), plain()
    add("nats/nats-server.conf", "nats-server-accounts", f"""port: 4222
http_port: 8222
server_name: nats-fra-1

jetstream {{
  store_dir: /data/jetstream
  max_mem: 1G
}}

accounts: {{
  ORDERS: {{
    jetstream: enabled
    users: [
      {{user: orders, password: "{p1}"}}
    ]
  }}
}}

cluster {{
  name: fra
  listen: 0.0.0.0:6222
  authorization {{
    token: "{t1}"
  }}
  routes: [nats-route://nats-fra-2:6222]
}}

leafnodes {{
  remotes: [
    {{url: "nats-leaf://hub:{p3}@hub.nats.northwind-apps.com:7422"}}
  ]
}}
""", [p1, t1, p3])

    # ================================================================ Apache Camel
    ak, sk, p1 = g.aws_key_id(), g.aws_secret(), pw()
    add("integration/camel-orders/src/main/resources/application.properties", "camel-spring-boot-properties", f"""camel.main.name=orders-integration
camel.springboot.main-run-controller=true

camel.component.aws2-s3.access-key={ak}
camel.component.aws2-s3.secret-key={sk}
camel.component.aws2-s3.region=eu-west-1

camel.component.activemq.broker-url=tcp://amq.internal:61616
camel.component.activemq.username=camel
camel.component.activemq.password={p1}
""", [ak, sk, p1])

    p1, p2 = plain(), plain()
    add("integration/camel-edi/src/main/java/com/northwind/edi/EdiRoutes.java", "camel-java-dsl-uris", f"""package com.northwind.edi;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

@Component
public class EdiRoutes extends RouteBuilder {{

    @Override
    public void configure() {{
        from("ftp://edi@ftp.partner-logistics.com:21/outbound?password=RAW({p1})&passiveMode=true&delete=true")
            .routeId("edi-inbound")
            .log("Received ${{header.CamelFileName}}")
            .to("file:data/edi/in");

        from("file:data/edi/out")
            .routeId("edi-outbound")
            .to("sftp://nwupload@sftp.retail-chain.de:22/inbox?password={p2}&knownHostsFile=/etc/ssh/known_hosts");
    }}
}}
""", [p1, p2])

    p1 = plain()
    add("integration/camel-alerts/src/main/resources/camel/alerts-route.xml", "camel-xml-smtp-uri", f"""<?xml version="1.0" encoding="UTF-8"?>
<routes xmlns="http://camel.apache.org/schema/spring">
    <route id="alert-mail">
        <from uri="direct:alert"/>
        <setHeader name="subject"><simple>Alert: ${{body.title}}</simple></setHeader>
        <to uri="smtps://smtp.mailprovider.net:465?username=alerts@northwind-apps.com&amp;password={p1}&amp;to=oncall@northwind-apps.com"/>
    </route>
</routes>
""", [p1])

    p1 = plain()
    add("integration/camel-k/routes/inventory.camel.yaml", "camel-yaml-dsl-rabbitmq", f"""- route:
    id: inventory-sync
    from:
      uri: "timer:tick"
      parameters:
        period: 60000
    steps:
      - to:
          uri: "sql:select * from inventory where synced = false"
          parameters:
            dataSource: "#inventoryDs"
      - split:
          simple: "${{body}}"
          steps:
            - marshal:
                json: {{}}
            - to:
                uri: "spring-rabbitmq:inventory"
                parameters:
                  addresses: "rabbit.internal:5672"
                  username: "camel"
                  password: "{p1}"
""", [p1])

    # ================================================================ MuleSoft
    p1, p2, st = pw(), pw(), g.alnum(25)
    add("mule/orders-api/src/main/resources/config.yaml", "mule-config-yaml", f"""http:
  listener:
    host: "0.0.0.0"
    port: "8081"

db:
  host: "orders-db.internal"
  port: "3306"
  user: "mule_orders"
  password: "{p1}"
  database: "orders"

salesforce:
  username: "integration@northwind-apps.com"
  password: "{p2}"
  securityToken: "{st}"
  url: "https://login.salesforce.com/services/Soap/u/58.0"
""", [p1, p2, st])

    p1, p2 = pw(), pw()
    add("mule/inventory-sync/src/main/mule/global.xml", "mule-xml-connectors", f"""<?xml version="1.0" encoding="UTF-8"?>
<mule xmlns="http://www.mulesoft.org/schema/mule/core"
      xmlns:db="http://www.mulesoft.org/schema/mule/db"
      xmlns:http="http://www.mulesoft.org/schema/mule/http">

    <db:config name="Database_Config">
        <db:my-sql-connection host="inventory-db.internal" port="3306" user="mule" password="{p1}" database="inventory"/>
    </db:config>

    <http:request-config name="Warehouse_API">
        <http:request-connection protocol="HTTPS" host="api.warehouse-partner.com" port="443">
            <http:authentication>
                <http:basic-authentication username="nw-integration" password="{p2}"/>
            </http:authentication>
        </http:request-connection>
    </http:request-config>
</mule>
""", [p1, p2])

    cid, cs, mk = g.hex(32), g.alnum(32), g.alnum(16)
    add("mule/orders-api/Jenkinsfile", "mule-deploy-pipeline", f"""pipeline {{
    agent any
    stages {{
        stage('Deploy to CloudHub') {{
            steps {{
                sh '''
                  mvn clean deploy -DmuleDeploy \\
                    -Danypoint.connectedApp.clientId={cid} \\
                    -Danypoint.connectedApp.clientSecret={cs} \\
                    -Denv=prod \\
                    -Dmule.key={mk}
                '''
            }}
        }}
    }}
}}
""", [cs, mk])

    # ================================================================ ActiveMQ
    p1, p2 = pw(), pw()
    add("artemis/etc/broker.xml", "artemis-broker-xml", f"""<?xml version='1.0'?>
<configuration xmlns="urn:activemq" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
   <core xmlns="urn:activemq:core">
      <name>artemis-01</name>
      <persistence-enabled>true</persistence-enabled>
      <journal-type>ASYNCIO</journal-type>

      <cluster-user>cluster-admin</cluster-user>
      <cluster-password>{p1}</cluster-password>

      <acceptors>
         <acceptor name="artemis">tcp://0.0.0.0:61616?protocols=CORE,AMQP,STOMP,MQTT,OPENWIRE</acceptor>
      </acceptors>

      <bridges>
         <bridge name="orders-to-dc2">
            <queue-name>orders</queue-name>
            <forwarding-address>orders</forwarding-address>
            <user>bridge</user>
            <password>{p2}</password>
            <static-connectors>
               <connector-ref>dc2-connector</connector-ref>
            </static-connectors>
         </bridge>
      </bridges>
   </core>
</configuration>
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("artemis/etc/artemis-users.properties", "artemis-users-properties", f"""## ---------------------------------------------------------------------------
## Licensed to the Apache Software Foundation (ASF) under one or more
## contributor license agreements.
## ---------------------------------------------------------------------------

admin = {p1}
orders-app = {p2}
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("activemq/conf/activemq.xml", "activemq-simple-auth-plugin", f"""<beans xmlns="http://www.springframework.org/schema/beans">
    <broker xmlns="http://activemq.apache.org/schema/core" brokerName="amq-prod" dataDirectory="${{activemq.data}}">
        <plugins>
            <simpleAuthenticationPlugin>
                <users>
                    <authenticationUser username="admin" password="{p1}" groups="admins,publishers,consumers"/>
                    <authenticationUser username="orders" password="{p2}" groups="publishers,consumers"/>
                </users>
            </simpleAuthenticationPlugin>
        </plugins>
        <transportConnectors>
            <transportConnector name="openwire" uri="tcp://0.0.0.0:61616?maximumConnections=1000"/>
        </transportConnectors>
    </broker>
</beans>
""", [p1, p2])

    # ================================================================ IBM MQ
    p1, p2 = pw(), pw()
    add("mq/docker-compose.yml", "ibm-mq-container-env", f"""services:
  qm1:
    image: icr.io/ibm-messaging/mq:9.3.5.0-r2
    ports:
      - "1414:1414"
      - "9443:9443"
    environment:
      LICENSE: accept
      MQ_QMGR_NAME: QM1
      MQ_APP_PASSWORD: {p1}
      MQ_ADMIN_PASSWORD: {p2}
    volumes:
      - qm1data:/mnt/mqm
volumes:
  qm1data:
""", [p1, p2])

    p1 = pw()
    add("services/payments/src/main/java/com/northwind/payments/mq/MqConfig.java", "ibm-mq-jms-password", f"""package com.northwind.payments.mq;

import com.ibm.msg.client.jms.JmsConnectionFactory;
import com.ibm.msg.client.jms.JmsFactoryFactory;
import com.ibm.msg.client.wmq.WMQConstants;

public class MqConfig {{
    public static JmsConnectionFactory factory() throws Exception {{
        JmsFactoryFactory ff = JmsFactoryFactory.getInstance(WMQConstants.WMQ_PROVIDER);
        JmsConnectionFactory cf = ff.createConnectionFactory();
        cf.setStringProperty(WMQConstants.WMQ_HOST_NAME, "mq-prod.internal");
        cf.setIntProperty(WMQConstants.WMQ_PORT, 1414);
        cf.setStringProperty(WMQConstants.WMQ_CHANNEL, "PAY.APP.SVRCONN");
        cf.setIntProperty(WMQConstants.WMQ_CONNECTION_MODE, WMQConstants.WMQ_CM_CLIENT);
        cf.setStringProperty(WMQConstants.WMQ_QUEUE_MANAGER, "QMPAY1");
        cf.setBooleanProperty(WMQConstants.USER_AUTHENTICATION_MQCSP, true);
        cf.setStringProperty(WMQConstants.USERID, "payapp");
        cf.setStringProperty(WMQConstants.PASSWORD, "{p1}");
        return cf;
    }}
}}
""", [p1])

    # ================================================================ Pulsar
    t1 = jwt_hs("orders-producer")
    add("pulsar/conf/client.conf", "pulsar-client-conf-token", f"""# Configuration for pulsar-client and pulsar-admin CLI tools

webServiceUrl=https://pulsar.streaming.northwind-apps.com:8443/
brokerServiceUrl=pulsar+ssl://pulsar.streaming.northwind-apps.com:6651/

authPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken
authParams=token:{t1}

tlsAllowInsecureConnection=false
tlsEnableHostnameVerification=true
""", [t1])

    t1 = jwt_hs("analytics-consumer")
    add("analytics/consumer/pulsar_consumer.py", "pulsar-python-token", f"""import pulsar

client = pulsar.Client(
    "pulsar+ssl://pulsar.streaming.northwind-apps.com:6651",
    authentication=pulsar.AuthenticationToken("{t1}"),
)
consumer = client.subscribe("persistent://public/default/clicks", subscription_name="analytics")
while True:
    msg = consumer.receive()
    consumer.acknowledge(msg)
""", [t1])

    # ================================================================ Redpanda
    p1, cs = pw(), g.alnum(64)
    add("home/dev/.config/rpk/rpk.yaml", "rpk-profiles", f"""version: 6
globals:
    prompt: ""
    no_default_cluster: false
current_profile: prod
current_cloud_auth_org_id: {g.alnum(27)}
current_cloud_auth_kind: client-credentials
cloud_auth:
    - name: northwind
      organization: northwind
      org_id: {g.alnum(27)}
      kind: client-credentials
      client_id: {g.alnum(32)}
      client_secret: {cs}
profiles:
    - name: prod
      description: prod cluster
      kafka_api:
        brokers:
            - seed-7f2a1c.redpanda.northwind-apps.com:9092
        tls: {{}}
        sasl:
            user: rpk-admin
            password: {p1}
            mechanism: SCRAM-SHA-256
""", [cs, p1])

    # ================================================================ Kafka ecosystem
    # an encrypted PKCS#8 key (PBES2, PBKDF2, 3DES-CBC: `openssl pkcs8 -topk8 -v2 des3`) as DER in
    # base64, the form the connector takes: the ASN.1 header is fixed; salt, IV and ciphertext are
    # random (1216 random bytes, as many draws as the values after it were measured with)
    rnd = lambda n: bytes(r.getrandbits(8) for _ in range(n))  # noqa: E731
    der = (bytes.fromhex("30820504304e06092a864886f70d01050d3041302906092a864886f70d01050c301c0408")
           + rnd(8) + bytes.fromhex("02020800300c06082a864886f70d02090500301406082a864886f70d03070408")
           + rnd(8) + bytes.fromhex("048204b0") + rnd(1200))
    body = base64.b64encode(der).decode()
    pp, p2 = pw(), pw()
    add("connect/connectors/snowflake-sink.json", "kafka-connect-snowflake-es", json.dumps({
        "name": "orders-snowflake-sink",
        "config": {
            "connector.class": "com.snowflake.kafka.connector.SnowflakeSinkConnector",
            "tasks.max": "4",
            "topics": "orders,payments",
            "snowflake.url.name": "nw12345.eu-central-1.snowflakecomputing.com:443",
            "snowflake.user.name": "KAFKA_CONNECTOR",
            "snowflake.private.key": body,
            "snowflake.private.key.passphrase": pp,
            "snowflake.database.name": "RAW",
            "snowflake.schema.name": "KAFKA",
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "com.snowflake.kafka.connector.records.SnowflakeJsonConverter",
            "errors.deadletterqueue.topic.name": "dlq-snowflake",
            "connection.password": p2,
        }}, indent=2) + "\n", [body, pp, p2])

    ck, cs2 = g.chars(UPPER_ALNUM, 16), g.chars(B62 + "+/", 64)
    sk1, ss1 = g.chars(UPPER_ALNUM, 16), g.chars(B62 + "+/", 64)
    add("services/orders/src/main/resources/producer.properties", "schema-registry-basic-auth", f"""bootstrap.servers=pkc-4r297.europe-west1.gcp.confluent.cloud:9092
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username='{ck}' password='{cs2}';
key.serializer=org.apache.kafka.common.serialization.StringSerializer
value.serializer=io.confluent.kafka.serializers.KafkaAvroSerializer

schema.registry.url=https://psrc-8kz20.europe-west2.gcp.confluent.cloud
basic.auth.credentials.source=USER_INFO
basic.auth.user.info={sk1}:{ss1}
""", [cs2, ss1])

    p1 = pw()
    add("ksql/migrations/V000003__pg_source.sql", "ksqldb-create-connector", f"""CREATE SOURCE CONNECTOR IF NOT EXISTS pg_customers WITH (
  'connector.class'          = 'io.confluent.connect.jdbc.JdbcSourceConnector',
  'connection.url'           = 'jdbc:postgresql://crm-db.internal:5432/crm',
  'connection.user'          = 'ksql_reader',
  'connection.password'      = '{p1}',
  'mode'                     = 'timestamp',
  'timestamp.column.name'    = 'updated_at',
  'table.whitelist'          = 'customers',
  'topic.prefix'             = 'crm_'
);

CREATE STREAM IF NOT EXISTS customers_stream WITH (KAFKA_TOPIC='crm_customers', VALUE_FORMAT='AVRO');
""", [p1])

    ku, kp = g.chars(UPPER_ALNUM, 16), g.chars(B62 + "+/", 64)
    add("scripts/kafka/replay_topic.sh", "kcat-sasl-x", f"""#!/bin/sh
# replay yesterday's payments into the staging topic
kcat -b pkc-ldvj1.ap-southeast-2.aws.confluent.cloud:9092 \\
  -X security.protocol=SASL_SSL -X sasl.mechanisms=PLAIN \\
  -X sasl.username={ku} -X sasl.password={kp} \\
  -C -t payments -o -86400000 -e -q | \\
kcat -b kafka-staging.internal:9092 -P -t payments-replay
""", [kp])

    sak = g.b64(32)
    add("services/telemetry/src/main/resources/eventhubs.properties", "eventhubs-kafka-jaas", f"""bootstrap.servers=nw-telemetry.servicebus.windows.net:9093
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$ConnectionString" password="Endpoint=sb://nw-telemetry.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sak}";
client.id=telemetry-producer
""", [sak])

    # ================================================================ Flink / NiFi / StreamSets
    ak, sk = g.aws_key_id(), g.aws_secret()
    add("flink/conf/flink-conf.yaml", "flink-conf-s3-keys", f"""jobmanager.rpc.address: flink-jobmanager
jobmanager.memory.process.size: 1600m
taskmanager.numberOfTaskSlots: 4
parallelism.default: 2

state.backend.type: rocksdb
state.checkpoints.dir: s3://nw-flink-state/checkpoints
state.savepoints.dir: s3://nw-flink-state/savepoints

s3.endpoint: https://s3.eu-central-1.amazonaws.com
s3.access-key: {ak}
s3.secret-key: {sk}
s3.path.style.access: false
""", [ak, sk])

    k1, p1, p2 = g.alnum(24), pw(), pw()
    add("nifi/conf/nifi.properties", "nifi-properties", f"""# Core Properties #
nifi.flow.configuration.file=./conf/flow.xml.gz
nifi.flow.configuration.json.file=./conf/flow.json.gz
nifi.flow.configuration.archive.enabled=true

# security properties #
nifi.sensitive.props.key={k1}
nifi.sensitive.props.key.protected=
nifi.sensitive.props.algorithm=NIFI_PBKDF2_AES_GCM_256

nifi.security.keystore=./conf/keystore.p12
nifi.security.keystoreType=PKCS12
nifi.security.keystorePasswd={p1}
nifi.security.keyPasswd={p1}
nifi.security.truststore=./conf/truststore.p12
nifi.security.truststoreType=PKCS12
nifi.security.truststorePasswd={p2}
""", [k1, p1, p2])

    t1 = "%s.%s.%s" % (b64u({"alg": "RS256", "typ": "JWT"}),
                       b64u({"s": "v2/" + g.alnum(48), "v": 2, "iss": "prod",
                             "jti": uuid(), "o": uuid()}),
                       g.b64url(342))
    add("streamsets/deploy_pipelines.py", "streamsets-sdk-token", f"""from streamsets.sdk import ControlHub

sch = ControlHub(credential_id="{uuid()}",
                 token="{t1}")

engine = sch.engines.get(engine_url="https://sdc-prod.internal:18630")
for pipeline in sch.pipelines:
    print(pipeline.name, pipeline.version)
""", [t1])

    # ================================================================ Singer / Meltano / Airbyte
    cs, rt = g.alnum(64).upper(), "5Aep861" + g.chars(B62 + "._", 80)
    add("elt/taps/tap-salesforce/config.json", "singer-tap-salesforce-config", json.dumps({
        "client_id": "3MVG9" + g.chars(B62 + "._", 80),
        "client_secret": cs,
        "refresh_token": rt,
        "start_date": "2023-01-01T00:00:00Z",
        "api_type": "BULK",
        "select_fields_by_default": True}, indent=2) + "\n", [cs, rt])

    p1, p2 = pw(), pw()
    add("elt/meltano.yml", "meltano-yml-inline", f"""version: 1
default_environment: prod
project_id: {uuid()}
plugins:
  extractors:
  - name: tap-postgres
    variant: meltanolabs
    pip_url: meltanolabs-tap-postgres
    config:
      host: crm-db.internal
      port: 5432
      user: meltano
      password: {p1}
      database: crm
  loaders:
  - name: target-snowflake
    variant: meltanolabs
    config:
      account: nw12345.eu-central-1
      user: MELTANO_LOADER
      password: {p2}
      database: RAW
      warehouse: LOADING
""", [p1, p2])

    hs = "pat-na1-" + uuid()
    add("airbyte/sources/hubspot/configuration.yaml", "airbyte-octavia-source", f"""resource_name: "HubSpot CRM"
definition_type: source
definition_id: 36c891d9-4bd9-43ac-bad2-10e12756272c
definition_image: airbyte/source-hubspot
definition_version: 2.0.2

configuration:
  start_date: "2023-01-01T00:00:00Z"
  credentials:
    credentials_title: "Private App Credentials"
    access_token: "{hs}"
  enable_experimental_streams: false
""", [hs])

    # ================================================================ OpenTelemetry / tracing
    hk, nr, dk = g.alnum(22), g.hex(36) + "NRAL", g.hex(32)
    gt = grafana_cloud_token("prod-eu-west-2", "otel-collector")
    add("otel/otel-collector-config.yaml", "otel-collector-exporters", f"""receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318

processors:
  batch:

extensions:
  basicauth/grafana:
    client_auth:
      username: "873421"
      password: "{gt}"

exporters:
  otlp/honeycomb:
    endpoint: "api.honeycomb.io:443"
    headers:
      "x-honeycomb-team": "{hk}"
  otlphttp/newrelic:
    endpoint: https://otlp.eu01.nr-data.net
    headers:
      api-key: {nr}
  datadog:
    api:
      site: datadoghq.eu
      key: {dk}
  otlphttp/grafana:
    endpoint: https://otlp-gateway-prod-eu-west-2.grafana.net/otlp
    auth:
      authenticator: basicauth/grafana

service:
  extensions: [basicauth/grafana]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp/honeycomb, otlphttp/newrelic, datadog, otlphttp/grafana]
""", [gt, hk, nr, dk])

    b1 = base64.b64encode(("%d:%s" % (r.randint(100000, 999999),
                                      grafana_cloud_token("prod-us-east-0", "otlp-app"))).encode()).decode()
    hk2 = g.alnum(22)
    add("k8s/apps/checkout/deployment.yaml", "otel-env-headers", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  replicas: 3
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
        - name: checkout
          image: registry.northwind-apps.com/checkout:2.14.1
          env:
            - name: OTEL_SERVICE_NAME
              value: checkout
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: https://otlp-gateway-prod-us-east-0.grafana.net/otlp
            - name: OTEL_EXPORTER_OTLP_HEADERS
              value: "Authorization=Basic%20{b1}"
        - name: sidecar-shipper
          image: otel/opentelemetry-collector-contrib:0.98.0
          env:
            - name: OTEL_EXPORTER_OTLP_HEADERS
              value: "x-honeycomb-team={hk2},x-honeycomb-dataset=checkout"
""", [b1, hk2])

    p1 = pw()
    add("tracing/jaeger/docker-compose.yml", "jaeger-es-storage", f"""services:
  jaeger-collector:
    image: jaegertracing/jaeger-collector:1.57
    command:
      - "--es.server-urls=https://es-tracing.internal:9200"
      - "--es.username=jaeger"
      - "--es.password={p1}"
      - "--es.num-shards=3"
    environment:
      SPAN_STORAGE_TYPE: elasticsearch
    ports:
      - "14250:14250"
      - "4317:4317"
""", [p1])

    # ================================================================ Graylog / Loki / Thanos
    ps, sha, p1 = g.alnum(96), g.hex(64), plain()
    add("graylog/server.conf", "graylog-server-conf", f"""is_leader = true
node_id_file = /usr/share/graylog/data/config/node-id

# You MUST set a secret to secure/pepper the stored user passwords here. Use at least 64 characters.
password_secret = {ps}

root_username = admin
# You MUST specify a hash password for the root user
root_password_sha2 = {sha}
root_timezone = Europe/Berlin

http_bind_address = 0.0.0.0:9000
elasticsearch_hosts = https://graylog-es.internal:9200
mongodb_uri = mongodb://graylog:{p1}@mongo-0.internal:27017,mongo-1.internal:27017/graylog?replicaSet=rs0
""", [ps, sha, p1])

    gt = grafana_cloud_token("prod-eu-west-0", "promtail-hosts")
    add("promtail/promtail-config.yaml", "promtail-url-credentials", f"""server:
  http_listen_port: 9080
  grpc_listen_port: 0

positions:
  filename: /tmp/positions.yaml

clients:
  - url: https://{r.randint(100000, 999999)}:{gt}@logs-prod-eu-west-0.grafana.net/loki/api/v1/push

scrape_configs:
  - job_name: system
    static_configs:
      - targets: [localhost]
        labels:
          job: varlogs
          __path__: /var/log/*log
""", [gt])

    ak, sk = g.aws_key_id(), g.aws_secret()
    add("loki/loki-config.yaml", "loki-storage-aws", f"""auth_enabled: false

server:
  http_listen_port: 3100

common:
  path_prefix: /loki
  replication_factor: 1
  ring:
    kvstore:
      store: inmemory

schema_config:
  configs:
    - from: 2024-04-01
      store: tsdb
      object_store: aws
      schema: v13
      index:
        prefix: index_
        period: 24h

storage_config:
  aws:
    s3: s3://eu-central-1/nw-loki-chunks
    access_key_id: {ak}
    secret_access_key: {sk}
""", [ak, sk])

    ak = g.b64(64)
    add("k8s/monitoring/thanos-objstore-azure.yaml", "thanos-objstore-azure-secret", f"""apiVersion: v1
kind: Secret
metadata:
  name: thanos-objstore
  namespace: monitoring
type: Opaque
stringData:
  objstore.yml: |
    type: AZURE
    config:
      storage_account: "nwthanosmetrics"
      storage_account_key: "{ak}"
      container: "thanos"
""", [ak])

    # ================================================================ Sentry Relay
    sk, pk = g.b64url(43), g.b64url(43)
    add("relay/config/credentials.json", "sentry-relay-credentials", json.dumps({
        "secret_key": sk, "public_key": pk, "id": uuid()}, indent=2) + "\n", [sk])

    # ================================================================ negatives
    add("neg/b19/monitoring/telegraf/telegraf.conf", "neg-telegraf-env-secretstore", """[[secretstores.os]]
  id = "vault"

[[outputs.influxdb_v2]]
  urls = ["${INFLUX_URL}"]
  token = "${INFLUX_TOKEN}"
  organization = "northwind"
  bucket = "telegraf"

[[inputs.mysql]]
  servers = ["telegraf:@{vault:mysql_password}@tcp(mysql-primary.internal:3306)/"]

[[inputs.rabbitmq]]
  url = "http://rabbit-01.internal:15672"
  username = "monitoring"
  password = "$RABBITMQ_PASSWORD"
""", negative=True)

    add("neg/b19/deploy/vector/vector.toml", "neg-vector-secret-refs", """[secret.aws]
type = "aws_secrets_manager"
secret_id = "prod/vector"

[sinks.datadog]
type = "datadog_logs"
inputs = ["parse"]
default_api_key = "${DATADOG_API_KEY}"

[sinks.elastic]
type = "elasticsearch"
inputs = ["parse"]
endpoints = ["https://es.logging.internal:9200"]
auth.strategy = "basic"
auth.user = "vector_writer"
auth.password = "SECRET[aws.es_password]"
""", negative=True)

    add("neg/b19/fluent-bit/fluent-bit.conf", "neg-fluent-bit-env", """[OUTPUT]
    Name        es
    Match       kube.*
    Cloud_ID    ${ES_CLOUD_ID}
    Cloud_Auth  ${ES_CLOUD_AUTH}

[OUTPUT]
    Name          splunk
    Match         *
    Host          splunk-hec.corp.internal
    Splunk_Token  ${SPLUNK_HEC_TOKEN}

[OUTPUT]
    Name        datadog
    Match       *
    apikey      ${DD_API_KEY}
""", negative=True)

    add("neg/b19/splunk/README.md", "neg-splunk-docs", """# Forwarder setup

1. Create a HEC token in *Settings > Data inputs > HTTP Event Collector*.
2. Put it in `local/outputs.conf`:

```ini
[httpout]
httpEventCollectorToken = <your-hec-token>
uri = https://hec.splunk.internal:8088
```

3. Set the cluster secret in `server.conf` (`pass4SymmKey = <cluster secret>`); Splunk encrypts it
   on restart.

Test it with `curl -k https://localhost:8088/services/collector/event -H "Authorization: Splunk $HEC_TOKEN" -d '{"event": "hello"}'`.
""", negative=True)

    add("neg/b19/nats/nats-server.conf", "neg-nats-env-vars", """ORDERS_PASS: $ORDERS_NATS_PASSWORD
CLUSTER_TOKEN: $NATS_CLUSTER_TOKEN

accounts: {
  ORDERS: {
    users: [
      {user: orders, password: $ORDERS_PASS}
    ]
  }
}

cluster {
  authorization {
    token: $CLUSTER_TOKEN
  }
}
""", negative=True)

    add("neg/b19/integration/camel-orders/src/main/resources/application.properties", "neg-camel-placeholders",
        """camel.component.aws2-s3.access-key=${AWS_ACCESS_KEY_ID}
camel.component.aws2-s3.secret-key=${AWS_SECRET_ACCESS_KEY}
camel.component.activemq.password={{aws:amq-credentials/password}}
camel.vault.aws.useDefaultCredentialProvider=true
ftp.password=${env:FTP_PASSWORD}
edi.uri=ftp://edi@ftp.partner-logistics.com:21/outbound?password=RAW({{ftp.password}})&passiveMode=true
""", negative=True)

    add("neg/b19/mule/orders-api/src/main/resources/config-secure.yaml", "neg-mule-encrypted", """db:
  user: "mule_orders"
  password: "![mJ1kQx3v8cV2dF5nH0zP7wA==]"

salesforce:
  username: "integration@northwind-apps.com"
  password: "![Rk9vYmFyQmF6UXV4MTIzNA==]"
  securityToken: "${secure::salesforce.token}"
""".replace("mJ1kQx3v8cV2dF5nH0zP7wA==", g.b64(16)).replace("Rk9vYmFyQmF6UXV4MTIzNA==", g.b64(16)),
        negative=True)

    add("neg/b19/otel/otel-collector-config.yaml", "neg-otel-env", """extensions:
  basicauth/grafana:
    client_auth:
      username: ${env:GRAFANA_INSTANCE_ID}
      password: ${env:GRAFANA_CLOUD_API_KEY}

exporters:
  otlp/honeycomb:
    endpoint: "api.honeycomb.io:443"
    headers:
      "x-honeycomb-team": "${env:HONEYCOMB_API_KEY}"
  datadog:
    api:
      key: ${env:DD_API_KEY}
""", negative=True)

    add("neg/b19/graylog/server.conf", "neg-graylog-defaults", """# You MUST set a secret to secure/pepper the stored user passwords here. Use at least 64 characters.
# Generate one by using for example: pwgen -N 1 -s 96
password_secret =

# You MUST specify a hash password for the root user (which you only need to initially set up the
# system and in case you lose connectivity to your authentication backend)
# Create one by using for example: echo -n "Enter Password: " && head -1 </dev/stdin | tr -d '\\n' | sha256sum | cut -d" " -f1
root_password_sha2 =

mongodb_uri = mongodb://localhost/graylog
""", negative=True)

    add("neg/b19/pulsar/conf/client.conf", "neg-pulsar-token-file", """webServiceUrl=https://pulsar.streaming.internal:8443/
brokerServiceUrl=pulsar+ssl://pulsar.streaming.internal:6651/
authPlugin=org.apache.pulsar.client.impl.auth.AuthenticationToken
authParams=file:///pulsar/tokens/client.token
""", negative=True)

    add("neg/b19/connect/connectors/jdbc-sink.json", "neg-connect-config-provider", json.dumps({
        "name": "orders-jdbc-sink",
        "config": {
            "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
            "connection.url": "jdbc:postgresql://dwh.internal:5432/dwh",
            "connection.user": "${secrets:dwh/orders-sink:user}",
            "connection.password": "${secrets:dwh/orders-sink:password}",
            "topics": "orders"}}, indent=2) + "\n", negative=True)

    v = "0.38.0"
    add("neg/b19/vector/SHA256SUMS", "neg-release-checksums", "".join(
        "%s  vector-%s-%s.tar.gz\n" % (g.hex(64), v, arch)
        for arch in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu",
                     "x86_64-apple-darwin", "arm64-apple-darwin"]), negative=True)
