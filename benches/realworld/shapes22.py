"""Twenty-second batch of the real-world set: credentials in application source, across languages.

Written blind (committed before any scanner ran on it) from how credentials really sit in code
that gets committed: SDK client constructors and configuration calls with literal credentials,
by keyword and by position (Go, Rust, Kotlin, Swift, Objective-C, C#, Scala, Clojure, Elixir,
Dart, Lua, Perl, PHP, Ruby, TypeScript, Python, C/C++, PowerShell, R, Julia, shell);
typed declarations and constants, annotation and struct-tag defaults, CLI option defaults, enum
maps, test fixtures with real-format keys; split and built strings (array joins, `..`, `+`,
`String.join`), base64- and hex-encoded literals, raw strings, heredocs, JSON inside a string
(escaped quotes), and Jupyter notebooks (magics, shell escapes, printed outputs). Provider keys
are generated with the provider's documented prefix, alphabet and length (and the CRC32 check
digits of GitHub and npm tokens); passwords with the shared generator. Negatives are the same
code with environment look-ups, secret-manager calls, placeholders, documented fakes, pinned
certificate hashes and digests kept as verifiers.
"""

import base64
import json
import string

from shapes import without, B62


def build_twentysecond(g, add):
    r = g.r

    def pw():
        """A password that survives every language's string quoting and interpolation."""
        return without(g.password(), '\'"\\`$<>&#%;{}@')

    def digits(n):
        return g.chars(string.digits, n)

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    # provider formats --------------------------------------------------------------------------
    def stripe(kind="sk_live_"):
        return kind + (g.alnum(24) if r.randrange(2) else "51" + g.alnum(97))

    def twilio_sid():
        return "AC" + g.hex(32)

    def sendgrid():
        return "SG." + g.b64url(22) + "." + g.b64url(43)

    def slack_bot():
        return "xoxb-%s-%s-%s" % (digits(r.randint(11, 13)), digits(r.randint(11, 13)), g.alnum(24))

    def slack_webhook():
        up = string.ascii_uppercase + string.digits
        return "https://hooks.slack.com/services/T%s/B%s/%s" % (g.chars(up, 10), g.chars(up, 10),
                                                               g.alnum(24))

    def discord_webhook():
        return "https://discord.com/api/webhooks/%s/%s" % (digits(19), g.b64url(68))

    def openai():
        return "sk-proj-" + g.b64url(74) + "T3BlbkFJ" + g.b64url(74)

    def anthropic():
        return "sk-ant-api03-" + g.b64url(93) + "AA"

    def google():
        return "AIza" + g.chars(B62 + "-_", 35)

    def fine_pat():
        return "github_pat_" + g.alnum(22) + "_" + g.alnum(59)

    def glpat():
        return "glpat-" + g.chars(B62 + "-_", 20)

    def supabase_service_role():
        h = b64url_nopad(b'{"alg":"HS256","typ":"JWT"}')
        p = b64url_nopad(json.dumps({"iss": "supabase", "ref": g.chars(string.ascii_lowercase, 20),
                                     "role": "service_role", "iat": 1690000000 + r.randint(0, 10**7),
                                     "exp": 2005000000 + r.randint(0, 10**7)},
                                    separators=(",", ":")).encode())
        return "%s.%s.%s" % (h, p, g.b64url(43))

    def linear():
        return "lin_api_" + g.alnum(40)

    def dop():
        return "dop_v1_" + g.hex(64)

    # ================================================================ Go
    k1, k2, t1, j1 = stripe(), twilio_sid(), g.hex(32), pw()
    add("services/billing/internal/clients/clients.go", "go-sdk-globals-and-params", f"""package clients

import (
	"github.com/golang-jwt/jwt/v5"
	"github.com/stripe/stripe-go/v76"
	"github.com/twilio/twilio-go"
)

var jwtSigningKey = []byte("{j1}")

func init() {{
	stripe.Key = "{k1}"
}}

func NewTwilio() *twilio.RestClient {{
	return twilio.NewRestClientWithParams(twilio.ClientParams{{
		Username: "{k2}",
		Password: "{t1}",
	}})
}}

func Sign(c jwt.Claims) (string, error) {{
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(jwtSigningKey)
}}
""", [j1, k1, t1])

    a1, s1, p1 = g.aws_key_id(), g.aws_secret(), pw()
    add("services/uploader/storage/minio.go", "go-minio-static-creds", f"""package storage

import (
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/redis/go-redis/v9"
)

func New() (*minio.Client, *redis.Client, error) {{
	mc, err := minio.New("s3.eu-central-1.amazonaws.com", &minio.Options{{
		Creds:  credentials.NewStaticV4("{a1}", "{s1}", ""),
		Secure: true,
	}})
	if err != nil {{
		return nil, nil, err
	}}
	rdb := redis.NewClient(&redis.Options{{Addr: "cache-01.prod:6379", Password: "{p1}", DB: 2}})
	return mc, rdb, nil
}}
""", [a1, s1, p1])

    p1 = g.url_password()
    add("services/ledger/db/open.go", "go-sprintf-dsn-args", f"""package db

import (
	"database/sql"
	"fmt"

	_ "github.com/go-sql-driver/mysql"
)

const (
	dbUser = "ledger"
	dbHost = "mysql.corp.lan:3306"
)

func Open() (*sql.DB, error) {{
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true", dbUser, "{p1}", dbHost, "ledger")
	return sql.Open("mysql", dsn)
}}
""", [p1])

    p1, k1 = pw(), g.alnum(32)
    add("services/gateway/config/config.go", "go-struct-tag-defaults", f"""package config

type Config struct {{
	Port        int    `env:"PORT" envDefault:"8080"`
	DatabaseURL string `env:"DATABASE_HOST" envDefault:"pg-main.internal"`
	DBPassword  string `env:"DB_PASSWORD" envDefault:"{p1}"`
	PartnerKey  string `env:"PARTNER_API_KEY" envDefault:"{k1}"`
	LogLevel    string `env:"LOG_LEVEL" envDefault:"info"`
}}
""", [p1, k1])

    # ================================================================ Rust
    k1, a1, s1 = stripe(), g.aws_key_id(), g.aws_secret()
    add("crates/sync/src/clients.rs", "rust-sdk-constructors", f"""use aws_credential_types::Credentials;
use stripe::Client;

pub fn stripe_client() -> Client {{
    Client::new("{k1}")
}}

pub fn aws_credentials() -> Credentials {{
    Credentials::new(
        "{a1}",
        "{s1}",
        None,
        None,
        "static",
    )
}}
""", [k1, a1, s1])

    p1, w1 = pw(), slack_webhook()
    add("crates/agent/src/secrets.rs", "rust-raw-string-statics", f"""//! Compiled-in defaults for the on-prem agent.

pub static DB_PASSWORD: &str = r#"{p1}"#;
pub const ALERT_WEBHOOK: &'static str = "{w1}";
pub const HEARTBEAT_SECS: u64 = 30;
""", [p1, w1])

    t1 = g.alnum(40)
    add("crates/cli/src/args.rs", "rust-clap-default-value", f"""use clap::Parser;

#[derive(Parser, Debug)]
#[command(version, about = "Push metrics to the collector")]
pub struct Args {{
    #[arg(long, default_value = "https://collector.northwind-apps.com")]
    pub endpoint: String,

    #[arg(long, env = "COLLECTOR_TOKEN", default_value = "{t1}")]
    pub token: String,
}}
""", [t1])

    # ================================================================ Kotlin / Java / Scala / Groovy
    t1, t2 = g.b64url(43), g.b64url(43)
    add("app/src/main/kotlin/com/fabrikam/field/net/HttpClientFactory.kt", "kotlin-ktor-auth", f"""package com.fabrikam.field.net

import io.ktor.client.*
import io.ktor.client.plugins.auth.*
import io.ktor.client.plugins.auth.providers.*

fun apiClient() = HttpClient {{
    install(Auth) {{
        bearer {{
            loadTokens {{ BearerTokens("{t1}", "{t2}") }}
        }}
    }}
}}
""", [t1, t2])

    k1 = stripe()
    add("payments/src/main/kotlin/com/northwind/payments/StripeProperties.kt", "spring-value-annotation-default", f"""package com.northwind.payments

import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Component

@Component
class StripeProperties(
    @Value("\\${{stripe.secret-key:{k1}}}") val secretKey: String,
    @Value("\\${{stripe.webhook-tolerance:300}}") val tolerance: Long,
)
""", [k1])

    t1 = g.b64url(40)
    add("app/src/main/java/com/contoso/shop/api/CatalogService.java", "retrofit-headers-annotation", f"""package com.contoso.shop.api;

import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Headers;
import retrofit2.http.Query;

public interface CatalogService {{
    @Headers({{
        "Accept: application/json",
        "Authorization: Bearer {t1}"
    }})
    @GET("v2/catalog")
    Call<CatalogPage> page(@Query("cursor") String cursor);
}}
""", [t1])

    k1, k2, p1 = stripe(), sendgrid(), pw()
    add("core/src/main/java/com/fabrikam/core/Keys.java", "java-built-strings", f"""package com.fabrikam.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

final class Keys {{
    private Keys() {{}}

    // split so the pre-commit hook does not complain
    static final String STRIPE = String.join("", "{k1[:12]}", "{k1[12:]}");

    static final String SENDGRID = new String(
        Base64.getDecoder().decode("{base64.b64encode(k2.encode()).decode()}"),
        StandardCharsets.UTF_8);

    static final char[] KEYSTORE_PASSWORD = "{p1}".toCharArray();
}}
""", [k1[12:], base64.b64encode(k2.encode()).decode(), p1])

    t1 = slack_bot()
    p1 = pw()
    add("alerts/src/test/java/com/contoso/alerts/SlackAlerterTest.java", "java-junit-fixture-tokens", f"""package com.contoso.alerts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.slack.api.Slack;
import org.junit.jupiter.api.Test;

class SlackAlerterTest {{
    private static final String BOT_TOKEN = "{t1}";

    @Test
    void postsToOpsChannel() throws Exception {{
        var alerter = new SlackAlerter(Slack.getInstance().methods(BOT_TOKEN), "#ops-alerts");
        assertTrue(alerter.send("integration test").isOk());
    }}

    @Test
    void smtpFallback() {{
        var mail = new MailFallback("smtp.office365.com", 587, "alerts@contoso-hosting.net", "{p1}");
        assertTrue(mail.canConnect());
    }}
}}
""", [t1, p1])

    p1, p2 = pw(), pw()
    add("etl/src/main/scala/com/northwind/etl/Warehouse.scala", "scala-slick-forurl-triple-quote", f"""package com.northwind.etl

import slick.jdbc.PostgresProfile.api._
import com.typesafe.config.ConfigFactory

object Warehouse {{
  val db = Database.forURL(
    url = "jdbc:postgresql://pg-main.internal:5432/warehouse",
    user = "etl",
    password = "{p1}",
    driver = "org.postgresql.Driver")

  val kafka = ConfigFactory.parseString(\"\"\"
    sasl.jaas.config = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"etl\\" password=\\"{p2}\\";"
    security.protocol = SASL_SSL
  \"\"\")
}}
""", [p1, p2])

    # ================================================================ Swift / Objective-C
    k1, a1, s1 = openai(), g.aws_key_id(), g.aws_secret()
    add("ios/Assistant/Services/Clients.swift", "swift-sdk-init", f"""import AWSCore
import OpenAI

enum Clients {{
    static let openAI = OpenAI(apiToken: "{k1}")

    static func configureAWS() {{
        let provider = AWSStaticCredentialsProvider(accessKey: "{a1}", secretKey: "{s1}")
        let configuration = AWSServiceConfiguration(region: .EUWest1, credentialsProvider: provider)
        AWSServiceManager.default().defaultServiceConfiguration = configuration
    }}
}}
""", [k1, a1, s1])

    k1 = g.hex(40)
    add("ios/Tracker/Networking/APIRequest.swift", "swift-urlrequest-headers", f"""import Foundation

struct APIRequest {{
    private let baseURL = URL(string: "https://api.contoso-hosting.net/v1")!

    func make(_ path: String) -> URLRequest {{
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("{k1}", forHTTPHeaderField: "X-API-Key")
        return request
    }}
}}
""", [k1])

    p1 = pw()
    add("ios/LegacyPortal/Classes/PortalSession.m", "objc-nsurlcredential", f"""#import "PortalSession.h"

@implementation PortalSession

- (void)URLSession:(NSURLSession *)session
              task:(NSURLSessionTask *)task
didReceiveChallenge:(NSURLAuthenticationChallenge *)challenge
 completionHandler:(void (^)(NSURLSessionAuthChallengeDisposition, NSURLCredential *))completionHandler {{
    NSURLCredential *credential = [NSURLCredential credentialWithUser:@"portal-ios"
                                                             password:@"{p1}"
                                                          persistence:NSURLCredentialPersistenceForSession];
    completionHandler(NSURLSessionAuthChallengeUseCredential, credential);
}}

@end
""", [p1])

    # ================================================================ C# / F#
    a1, s1, k1, p1 = g.aws_key_id(), g.aws_secret(), sendgrid(), pw()
    add("src/Reports.Worker/Services/Exporter.cs", "csharp-sdk-positional", f"""using Amazon;
using Amazon.S3;
using SendGrid;
using System.Security;

namespace Reports.Worker.Services;

public class Exporter
{{
    private readonly AmazonS3Client _s3 = new AmazonS3Client("{a1}", "{s1}", RegionEndpoint.EUWest1);
    private readonly SendGridClient _mail = new SendGridClient("{k1}");

    private static SecureString SftpPassword()
    {{
        var ss = new SecureString();
        foreach (var c in "{p1}") ss.AppendChar(c);
        ss.MakeReadOnly();
        return ss;
    }}
}}
""", [a1, s1, k1, p1])

    p1, k1 = pw(), g.alnum(32)
    add("tests/Orders.IntegrationTests/Fixtures/Payloads.cs", "csharp-verbatim-json", f"""namespace Orders.IntegrationTests.Fixtures;

internal static class Payloads
{{
    public const string Login = @"{{
  ""username"": ""qa-automation"",
  ""password"": ""{p1}""
}}";

    public const string PartnerHeaders = "{{\\"X-Partner-Key\\":\\"{k1}\\"}}";
}}
""", [p1, k1])

    # ================================================================ Clojure / Elixir / Dart
    p1 = pw()
    add("src/northwind/reports/db.clj", "clojure-defs", f"""(ns northwind.reports.db
  (:require [next.jdbc :as jdbc]))

(def db-spec {{:dbtype   "postgresql"
              :host     "pg-main.internal"
              :dbname   "reports"
              :user     "reports"
              :password "{p1}"}})

(def ds (jdbc/get-datasource db-spec))
""", [p1])

    k1 = stripe()
    add("lib/shop/billing/stripe_client.ex", "elixir-module-attributes", f"""defmodule Shop.Billing.StripeClient do
  @moduledoc "Thin wrapper around the Stripe REST API."

  @api_key "{k1}"
  @base "https://api.stripe.com/v1"

  def charge(params) do
    Req.post!(@base <> "/charges", form: params, auth: {{:bearer, @api_key}})
  end
end
""", [k1])

    j1 = supabase_service_role()
    add("apps/field/lib/services/supabase_admin.dart", "dart-positional-client", f"""import 'package:supabase/supabase.dart';

final admin = SupabaseClient(
  'https://{g.chars(string.ascii_lowercase, 20)}.supabase.co',
  '{j1}',
);
""", [j1])

    # ================================================================ Lua
    w1 = discord_webhook()
    add("game/ServerScriptService/Telemetry.server.lua", "roblox-luau-http", f"""local HttpService = game:GetService("HttpService")

local WEBHOOK_URL = "{w1}"
local ANALYTICS_KEY = game:GetService("ServerStorage"):GetAttribute("AnalyticsKey")

local function report(eventName, data)
	HttpService:RequestAsync({{
		Url = "https://analytics.fabrikam.org/v1/events",
		Method = "POST",
		Headers = {{
			["Content-Type"] = "application/json",
			["x-api-key"] = ANALYTICS_KEY,
		}},
		Body = HttpService:JSONEncode({{ event = eventName, data = data }}),
	}})
end
""", [w1])

    k1, k2 = openai(), anthropic()
    add("home/dev/.config/nvim/lua/plugins/ai.lua", "neovim-lua-plugin-keys", f"""return {{
  {{
    "jackMort/ChatGPT.nvim",
    event = "VeryLazy",
    config = function()
      require("chatgpt").setup({{
        api_key_cmd = "echo {k1}",
      }})
    end,
  }},
  {{
    "yetone/avante.nvim",
    opts = {{
      provider = "claude",
    }},
    init = function()
      vim.env.ANTHROPIC_API_KEY = "{k2}"
    end,
  }},
}}
""", [k1, k2])

    t1 = g.gh_token()
    add("scripts/release.lua", "lua-concat-token", f"""-- release helper for the LuaRocks package
local http = require("socket.http")
local ltn12 = require("ltn12")

local token = "{t1[:4]}" .. "{t1[4:]}"

local function create_release(tag)
  local body = '{{"tag_name":"' .. tag .. '"}}'
  return http.request{{
    url = "https://api.github.com/repos/northwind/luaship/releases",
    method = "POST",
    headers = {{ ["Authorization"] = "token " .. token, ["Content-Length"] = #body }},
    source = ltn12.source.string(body),
  }}
end
""", [t1[4:]])

    # ================================================================ Perl / PHP / Ruby
    p1, p2 = pw(), pw()
    add("cgi-bin/notify.pl", "perl-lwp-smtp-auth", f"""#!/usr/bin/perl
use strict;
use warnings;
use LWP::UserAgent;
use Net::SMTP;

my $ua = LWP::UserAgent->new;
$ua->credentials('intranet.fabrikam.org:443', 'Restricted', 'reporter', '{p1}');
my $res = $ua->get('https://intranet.fabrikam.org/reports/daily.csv');

my $smtp = Net::SMTP->new('smtp.fabrikam.org', Port => 587, Timeout => 30);
$smtp->starttls();
$smtp->auth('reports@fabrikam.org', '{p2}');
""", [p1, p2])

    k1, p1 = stripe(), pw()
    add("src/Checkout/PaymentGateway.php", "php-sdk-setapikey-phpmailer", f"""<?php

namespace Shop\\Checkout;

use PHPMailer\\PHPMailer\\PHPMailer;

final class PaymentGateway
{{
    public function __construct()
    {{
        \\Stripe\\Stripe::setApiKey('{k1}');
    }}

    public function receiptMailer(): PHPMailer
    {{
        $mail = new PHPMailer(true);
        $mail->isSMTP();
        $mail->Host = 'smtp.office365.com';
        $mail->SMTPAuth = true;
        $mail->Username = 'receipts@contoso-hosting.net';
        $mail->Password = '{p1}';
        $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
        $mail->Port = 587;
        return $mail;
    }}
}}
""", [k1, p1])

    a1, s1 = g.aws_key_id(), g.aws_secret()
    add("includes/storage.php", "php-aws-sdk-array", f"""<?php
require __DIR__ . '/../vendor/autoload.php';

use Aws\\S3\\S3Client;

$s3 = new S3Client([
    'version' => 'latest',
    'region'  => 'eu-west-1',
    'credentials' => [
        'key'    => '{a1}',
        'secret' => '{s1}',
    ],
]);
""", [a1, s1])

    sid, tok, t1 = twilio_sid(), g.hex(32), g.gh_token()
    add("app/services/sms_sender.rb", "ruby-sdk-positional", f"""require "twilio-ruby"
require "octokit"

class SmsSender
  def initialize
    @client = Twilio::REST::Client.new("{sid}", "{tok}")
    @github = Octokit::Client.new(access_token: "{t1}")
  end

  def deliver(to, body)
    @client.messages.create(from: "+15005550006", to: to, body: body)
  end
end
""", [tok, t1])

    k1 = g.alnum(32)
    add("lib/tasks/partner_sync.rake", "ruby-heredoc-json", f"""require "net/http"

namespace :partner do
  task sync: :environment do
    uri = URI("https://partner.contoso-hosting.net/api/orders")
    req = Net::HTTP::Post.new(uri)
    req.body = <<~JSON
      {{
        "client": "northwind",
        "api_key": "{k1}"
      }}
    JSON
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) {{ |http| http.request(req) }}
  end
end
""", [k1])

    # ================================================================ TypeScript / JavaScript
    a1, s1 = g.aws_key_id(), g.aws_secret()
    add("services/media/src/s3.ts", "ts-aws-sdk-v3-credentials", f"""import {{ S3Client, PutObjectCommand }} from "@aws-sdk/client-s3";

export const s3 = new S3Client({{
  region: "eu-central-1",
  credentials: {{
    accessKeyId: "{a1}",
    secretAccessKey: "{s1}",
  }},
}});

export async function put(key: string, body: Buffer) {{
  await s3.send(new PutObjectCommand({{ Bucket: "media-prod", Key: key, Body: body }}));
}}
""", [a1, s1])

    k1, k2, t1 = openai(), anthropic(), fine_pat()
    add("apps/assistant/src/lib/clients.ts", "ts-ai-sdk-clients", f"""import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import {{ Octokit }} from "@octokit/rest";

export const openai = new OpenAI({{ apiKey: "{k1}" }});

export const anthropic = new Anthropic({{
  apiKey: '{k2}',
  maxRetries: 3,
}});

export const octokit = new Octokit({{ auth: `{t1}` }});
""", [k1, k2, t1])

    t1, k1 = g.gh_token(), sendgrid()
    enc = base64.b64encode(k1.encode()).decode()
    add("tools/changelog/publish.js", "js-obfuscated-token", f"""// keep the token out of naive greps
const GH_TOKEN = ["{t1[:4]}", "{t1[4:20]}", "{t1[20:]}"].join("");
const SENDGRID_KEY = Buffer.from("{enc}", "base64").toString("utf8");

module.exports = {{ GH_TOKEN, SENDGRID_KEY }};
""", [t1[4:20], t1[20:], enc])

    p1, k1 = pw(), g.alnum(40)
    add("e2e/support/api.js", "js-escaped-json-body", f"""const request = require("supertest");

const LOGIN_BODY = "{{\\"username\\":\\"e2e-admin\\",\\"password\\":\\"{p1}\\"}}";
const settings = JSON.parse('{{"partnerApiKey":"{k1}","region":"eu"}}');

async function login(app) {{
  return request(app).post("/api/login").set("Content-Type", "application/json").send(LOGIN_BODY);
}}

module.exports = {{ login, settings }};
""", [p1, k1])

    k1, k3 = stripe(), linear()
    add("packages/shared/src/keys.ts", "ts-enum-keys", f"""export enum ServiceKey {{
  Stripe = "{k1}",
  Region = "eu-west-1",
}}

export const INTEGRATIONS = {{
  linear: {{ apiKey: "{k3}", team: "OPS" }},
}} as const;
""", [k1, k3])

    # ================================================================ Python
    k1, k2 = openai(), google()
    add("rag/llm.py", "python-llm-clients", f"""from openai import OpenAI
import google.generativeai as genai

openai_client = OpenAI(api_key="{k1}")
genai.configure(api_key="{k2}")
""", [k1, k2])

    p1, p3, p4 = pw(), pw(), pw()
    add("ops/nightly_reports.py", "python-stdlib-positional-logins", f"""import smtplib

import paramiko
import pymysql


def fetch():
    conn = pymysql.connect("mysql.corp.lan", "reports", "{p1}", "erp")
    ssh = paramiko.SSHClient()
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    ssh.connect("10.20.4.7", username="backup", password="{p3}")
    return conn, ssh


def mail(msg):
    with smtplib.SMTP("smtp.fabrikam.org", 587) as s:
        s.starttls()
        s.login("reports@fabrikam.org", "{p4}")
        s.send_message(msg)
""", [p1, p3, p4])

    k1, p1 = g.alnum(40), pw()
    e1 = base64.b64encode(k1.encode()).decode()
    h1 = p1.encode().hex()
    add("vendor_sync/creds.py", "python-encoded-literals", f"""import base64

# not plain text, so it is fine to commit
API_KEY = base64.b64decode("{e1}").decode()
DB_PASSWORD = bytes.fromhex("{h1}").decode()
""", [e1, h1])

    c1, s1 = g.uuid4(), g.b64url(40)
    add("integrations/graph/auth.py", "python-json-in-string", f"""import json

import requests

TOKEN_REQUEST = '{{"grant_type": "client_credentials", "client_id": "{c1}", "client_secret": "{s1}", "scope": "https://graph.microsoft.com/.default"}}'


def token():
    body = json.loads(TOKEN_REQUEST)
    return requests.post("https://login.microsoftonline.com/northwind-apps.com/oauth2/v2.0/token", data=body).json()
""", [s1])

    p1, k1 = pw(), g.hex(32)
    add("tools/backfill/cli.py", "python-cli-option-defaults", f"""import argparse

import click


@click.command()
@click.option("--db-password", default="{p1}", help="warehouse password")
@click.option("--batch-size", default=500)
def backfill(db_password, batch_size):
    ...


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--api-key", default="{k1}")
    return p.parse_args()
""", [p1, k1])

    k1, t1 = stripe(), g.gh_token()
    add("shop/tests/test_checkout.py", "python-test-fixture-tokens", f"""import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def gh_token(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "{t1}")


@override_settings(STRIPE_SECRET_KEY="{k1}")
def test_checkout_creates_payment_intent(client):
    resp = client.post("/checkout/", {{"sku": "NW-100", "qty": 1}})
    assert resp.status_code == 302
""", [t1, k1])

    # ================================================================ Jupyter
    k1, p1 = openai(), g.url_password()
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Churn features\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [
            {"name": "stdout", "output_type": "stream", "text": [f"env: OPENAI_API_KEY={k1}\n"]}],
         "source": [f"%env OPENAI_API_KEY={k1}\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": [f"!pip install -q --extra-index-url https://ml:{p1}@pypi.northwind-apps.com/simple churnkit\n",
                    "import churnkit\n"]},
    ], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4, "nbformat_minor": 5}
    add("notebooks/churn/00-setup.ipynb", "jupyter-magics", json.dumps(nb, indent=1) + "\n",
        [k1, p1])

    a1, r1, p1 = g.jwt_like(), g.b64url(64), pw()
    nb = {"cells": [
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [
            {"name": "stdout", "output_type": "stream", "text": [
                f"{{'access_token': '{a1}', 'token_type': 'Bearer', 'expires_in': 3600, 'refresh_token': '{r1}'}}\n"]}],
         "source": ["resp = session.post(TOKEN_URL, data=form)\n", "print(resp.json())\n"]},
        {"cell_type": "code", "execution_count": 4, "metadata": {}, "outputs": [
            {"data": {"text/plain": [
                f"Settings(db_host='pg-main.internal', db_user='analyst', db_password='{p1}', debug=False)"]},
             "execution_count": 4, "metadata": {}, "output_type": "execute_result"}],
         "source": ["settings\n"]},
    ], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4, "nbformat_minor": 5}
    add("notebooks/crm/pull-accounts.ipynb", "jupyter-output-repr", json.dumps(nb, indent=1) + "\n",
        [a1, r1, p1])

    # ================================================================ C / C++
    p1, p2 = pw(), pw()
    add("agent/src/upload.c", "c-libcurl-mysql-positional", f"""#include <curl/curl.h>
#include <mysql/mysql.h>

int upload(const char *path)
{{
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, "sftp://files.fabrikam.org/incoming/");
    curl_easy_setopt(curl, CURLOPT_USERPWD, "agent:{p1}");
    curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    return 0;
}}

MYSQL *db_open(void)
{{
    MYSQL *conn = mysql_init(NULL);
    return mysql_real_connect(conn, "mysql.corp.lan", "agent", "{p2}", "telemetry", 3306, NULL, 0);
}}
""", [p1, p2])

    t1 = g.gh_token()
    add("desktop/src/updater/github_feed.cpp", "cpp-string-constants", f"""#include <string>

namespace updater {{

static const char kFeedToken[] = "{t1}";

std::string authHeader() {{
    return std::string("Authorization: token ") + kFeedToken;
}}

}}  // namespace updater
""", [t1])

    # ================================================================ PowerShell / shell / R / Julia
    p1, p2 = pw(), pw()
    add("ops/Get-DailyExport.ps1", "powershell-basic-bytes-webclient", f"""$pair = "svc-report:{p1}"
$basic = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($pair))
Invoke-RestMethod -Uri "https://reports.contoso-hosting.net/api/export" -Headers @{{ Authorization = "Basic $basic" }}

$wc = New-Object System.Net.WebClient
$wc.Credentials = New-Object System.Net.NetworkCredential("CONTOSO\\svc-files", "{p2}")
$wc.DownloadFile("https://files.contoso-hosting.net/drop/daily.zip", "C:\\drop\\daily.zip")
""", [p1, p2])

    p1 = pw()
    add("scripts/seed-config.sh", "shell-heredoc-json", f"""#!/usr/bin/env bash
set -euo pipefail
mkdir -p /etc/northwind
cat > /etc/northwind/partner.json <<'EOF'
{{
  "endpoint": "https://partner.contoso-hosting.net",
  "username": "northwind",
  "password": "{p1}"
}}
EOF
chmod 600 /etc/northwind/partner.json
""", [p1])

    ck, cs, at, ats = g.alnum(25), g.alnum(50), digits(19) + "-" + g.alnum(31), g.alnum(45)
    add("analysis/collect_tweets.R", "r-httr-rtweet", f"""library(rtweet)

token <- rtweet_bot(
  api_key       = "{ck}",
  api_secret    = "{cs}",
  access_token  = "{at}",
  access_secret = "{ats}"
)

tweets <- search_tweets("#northwindapps", n = 500, token = token)
""", [ck, cs, at, ats])

    k1 = g.alnum(40)
    add("analysis/fetch_prices.jl", "julia-http-headers", f"""using HTTP, JSON3

const API_TOKEN = "{k1}"

function prices(symbol)
    r = HTTP.get("https://marketdata.northwind-apps.com/v1/quotes/$symbol",
                 ["Authorization" => "Bearer " * API_TOKEN])
    JSON3.read(r.body)
end
""", [k1])

    d1, g1 = dop(), glpat()
    add("infra/tools/cleanup.go", "go-provider-token-consts", f"""package main

import (
	"github.com/digitalocean/godo"
	"github.com/xanzy/go-gitlab"
)

const (
	doToken     = "{d1}"
	gitlabToken = "{g1}"
)

func clients() (*godo.Client, *gitlab.Client, error) {{
	gl, err := gitlab.NewClient(gitlabToken, gitlab.WithBaseURL("https://gitlab.northwind-apps.com"))
	return godo.NewFromToken(doToken), gl, err
}}
""", [d1, g1])

    n1 = g.gh_token(prefix="npm_")
    add("tools/publish/publish.mjs", "js-npm-token-template", f"""import {{ execSync }} from "node:child_process";
import {{ writeFileSync }} from "node:fs";

const NPM_TOKEN = "{n1}";
writeFileSync(".npmrc", `//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}\\n`);
execSync("npm publish --access public", {{ stdio: "inherit" }});
""", [n1])

    # ================================================================ negatives
    add("neg/b22/services/billing/clients.go", "neg-go-env-lookups", """package clients

import (
	"os"

	"github.com/redis/go-redis/v9"
	"github.com/stripe/stripe-go/v76"
)

type Config struct {
	DBPassword string `env:"DB_PASSWORD,required"`
	PartnerKey string `env:"PARTNER_API_KEY" envDefault:""`
}

func init() {
	stripe.Key = os.Getenv("STRIPE_SECRET_KEY")
}

func cache() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR"), Password: os.Getenv("REDIS_PASSWORD")})
}
""", negative=True)

    add("neg/b22/payments/StripeProperties.kt", "neg-spring-value-no-default", """package com.northwind.payments

import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Component

@Component
class StripeProperties(
    @Value("\\${stripe.secret-key}") val secretKey: String,
    @Value("\\${legacy.db.password:}") val legacyPassword: String,
) {
    val webhookSecret: String = System.getenv("STRIPE_WEBHOOK_SECRET") ?: error("missing")
}
""", negative=True)

    add("neg/b22/app/services/sms_sender.rb", "neg-ruby-env-fetch", """class SmsSender
  def initialize
    @client = Twilio::REST::Client.new(ENV.fetch("TWILIO_ACCOUNT_SID"), ENV.fetch("TWILIO_AUTH_TOKEN"))
    @github = Octokit::Client.new(access_token: Rails.application.credentials.dig(:github, :token))
    Stripe.api_key = ENV["STRIPE_SECRET_KEY"]
  end
end
""", negative=True)

    add("neg/b22/apps/assistant/src/lib/clients.ts", "neg-ts-process-env", """import OpenAI from "openai";
import { S3Client } from "@aws-sdk/client-s3";

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

export const s3 = new S3Client({
  region: "eu-central-1",
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
  },
});
""", negative=True)

    add("neg/b22/ops/secrets.py", "neg-python-secret-manager", """import json

import boto3
import keyring
from openai import OpenAI

sm = boto3.client("secretsmanager", region_name="eu-west-1")
db = json.loads(sm.get_secret_value(SecretId="prod/reports/db")["SecretString"])
password = db["password"]
smtp_password = keyring.get_password("reports-smtp", "reports@fabrikam.org")
client = OpenAI(api_key=db["openai_api_key"])
""", negative=True)

    add("neg/b22/docs/quickstart.md", "neg-sdk-docs-placeholders", """# Quickstart

Install the SDK and create a client with your own keys:

```python
from openai import OpenAI
client = OpenAI(api_key="YOUR_API_KEY")
```

```go
stripe.Key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"
client := slack.New("xoxb-your-bot-token")
```

```ruby
@client = Twilio::REST::Client.new("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "your_auth_token")
```

```csharp
var s3 = new AmazonS3Client("<access-key-id>", "<secret-access-key>", RegionEndpoint.EUWest1);
```
""", negative=True)

    add("neg/b22/tests/test_uploader.py", "neg-test-documented-fakes", """import boto3
import pytest
from moto import mock_aws


@pytest.fixture
def s3():
    with mock_aws():
        yield boto3.client(
            "s3",
            region_name="us-east-1",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )


def test_login(client):
    resp = client.post("/login", json={"username": "alice", "password": "test-password"})
    assert resp.status_code == 200
""", negative=True)

    pins = [base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode() for _ in range(2)]
    add("neg/b22/app/src/main/java/com/contoso/shop/net/Pinning.kt", "neg-cert-pins-and-digests", f"""package com.contoso.shop.net

import okhttp3.CertificatePinner

val pinner = CertificatePinner.Builder()
    .add("api.contoso-hosting.net", "sha256/{pins[0]}")
    .add("api.contoso-hosting.net", "sha256/{pins[1]}")
    .build()

// SHA-256 of the release APK signing certificate, checked at start-up
const val SIGNING_CERT_SHA256 = "{g.hex(64)}"
""", negative=True)

    add("neg/b22/src/Reports.Worker/Services/Exporter.cs", "neg-csharp-keyvault", """using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

public class Exporter
{
    private readonly SecretClient _vault = new(new Uri("https://kv-reports.vault.azure.net/"), new DefaultAzureCredential());

    public async Task<string> SendGridKeyAsync() =>
        (await _vault.GetSecretAsync("SendGridApiKey")).Value.Value;

    private static string SftpPassword() => Environment.GetEnvironmentVariable("SFTP_PASSWORD") ?? "";
}
""", negative=True)

    nb = {"cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [
            {"name": "stdout", "output_type": "stream", "text": ["OPENAI_API_KEY loaded: sk-...\n"]}],
         "source": ["import os, getpass\n",
                    "if \"OPENAI_API_KEY\" not in os.environ:\n",
                    "    os.environ[\"OPENAI_API_KEY\"] = getpass.getpass(\"OpenAI key: \")\n",
                    "print(\"OPENAI_API_KEY loaded:\", os.environ[\"OPENAI_API_KEY\"][:3] + \"...\")\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["%env HF_HOME=/data/hf-cache\n", "!huggingface-cli login --token $HF_TOKEN\n"]},
    ], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4, "nbformat_minor": 5}
    add("neg/b22/notebooks/churn/00-setup.ipynb", "neg-jupyter-getpass",
        json.dumps(nb, indent=1) + "\n", negative=True)

    add("neg/b22/crates/cli/src/args.rs", "neg-rust-env-clap", """use clap::Parser;

#[derive(Parser, Debug)]
pub struct Args {
    #[arg(long, env = "COLLECTOR_TOKEN", hide_env_values = true)]
    pub token: String,
}

pub fn db_password() -> String {
    std::env::var("DB_PASSWORD").expect("DB_PASSWORD must be set")
}
""", negative=True)

    add("neg/b22/src/keys/validate.ts", "neg-prefix-checks-and-builders", """export function isLiveKey(key: string): boolean {
  return key.startsWith("sk_live_") || key.startsWith("rk_live_");
}

export function authHeader(token: string): string {
  return "Bearer " + token;
}

export const KEY_PATTERN = /^ghp_[A-Za-z0-9]{36}$/;
const prefix = ["gh", "p_"].join("");
""", negative=True)
