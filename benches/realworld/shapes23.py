"""Twenty-third batch of the real-world set: the long tail of SaaS and API providers.

Written blind (committed before any scanner ran on it) from the providers' documented key
formats and from how their keys sit in the files people commit: marketing and CRM (HubSpot,
Intercom, Zendesk, Freshdesk, Mailchimp, Klaviyo, Brevo, Customer.io, Iterable, Postmark),
product analytics (Segment, Mixpanel, Amplitude, PostHog), headless CMS (Contentful, Sanity,
Storyblok, Prismic, DatoCMS), productivity (Airtable, Notion, Linear, ClickUp, Asana, monday.com,
Trello, Todoist), communications (Vonage, Plivo, MessageBird, Sinch, Telnyx, Pusher, Ably, Stream,
Sendbird), maps and data APIs (HERE, TomTom, IPinfo, ipstack, NewsAPI, Alpha Vantage), payments
outside Stripe (Adyen, Square, Braintree, Mollie, Razorpay, Paystack, Flutterwave, Checkout.com,
Paddle, Lemon Squeezy) and e-signature, forms and scheduling (DocuSign, Typeform, Calendly,
Jotform). The files are .env files, framework config (Laravel `config/services.php`, Django
`settings.py`, Spring `application.yml`, .NET `appsettings.json`, Rails initializers, Nuxt
config), SDK initialisation code, CI variables, curl lines from runbooks and Postman
environments. Keys without a prefix sit next to the provider's name, as people write them.
Negatives are the same files with environment look-ups, placeholders, the publishable keys the
providers document as public, documentation sample values and webhook signature test vectors.
"""

import base64
import json
import string

from shapes import B62, UPPER_ALNUM

LOWER_ALNUM = string.ascii_lowercase + string.digits
ULID = "0123456789abcdefghjkmnpqrstvwxyz"


def build_twentythird(g, add):
    r = g.r

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def jwt(header, payload, sig_len):
        return "%s.%s.%s" % (b64url_nopad(json.dumps(header, separators=(",", ":")).encode()),
                             b64url_nopad(json.dumps(payload, separators=(",", ":")).encode()),
                             g.b64url(sig_len))

    def digits(n):
        return str(r.randint(1, 9)) + g.chars(string.digits, n - 1)

    def ts():
        return 1700000000 + r.randint(0, 30000000)

    # ================================================================ marketing and CRM
    t1, h1 = "pat-%s-%s" % (r.choice(["na1", "eu1"]), g.uuid4()), g.uuid4()
    add("integrations/crm/hubspot_sync.py", "hubspot-private-app-python", f"""\"\"\"Nightly sync of new sign-ups into HubSpot contacts.\"\"\"
from hubspot import HubSpot
from hubspot.crm.contacts import SimplePublicObjectInputForCreate

from .models import Signup

api_client = HubSpot(access_token="{t1}")
# v1 lists endpoint still used by the unsubscribe job (hapikey)
LEGACY_LISTS_URL = "https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey={h1}&count=100"


def push(signup: Signup) -> str:
    body = SimplePublicObjectInputForCreate(properties={{
        "email": signup.email,
        "firstname": signup.first_name,
        "lifecyclestage": "lead",
    }})
    return api_client.crm.contacts.basic_api.create(simple_public_object_input_for_create=body).id
""", [t1, h1])

    raw = "tok:%s_%s_%s_%s_%s:1:0" % (g.hex(8), g.hex(4), g.hex(4), g.hex(4), g.hex(12))
    t1 = base64.b64encode(raw.encode()).decode()
    add("helpdesk/config/initializers/intercom.rb", "intercom-ruby-initializer", f"""# frozen_string_literal: true

# Support inbox: conversations and user attributes
INTERCOM = Intercom::Client.new(token: '{t1}', api_version: '2.10')
""", [t1])

    t1, t2 = g.alnum(40), g.alnum(40)
    add("scripts/support/export_tickets.sh", "zendesk-curl-token", f"""#!/usr/bin/env bash
# Weekly export of solved tickets for the QA review
set -euo pipefail
since=$(date -d '7 days ago' +%s)
curl -sS "https://northwind.zendesk.com/api/v2/incremental/tickets/cursor.json?start_time=$since" \\
  -u "support-bot@northwind-apps.com/token:{t1}" \\
  | jq -c '.tickets[] | select(.status == "solved")' > "solved-$(date +%F).jsonl"
""", [t1])

    add("support_tools/zendesk_client.py", "zendesk-zenpy-creds", f"""from zenpy import Zenpy

creds = {{
    'email': 'support-bot@northwind-apps.com',
    'token': '{t2}',
    'subdomain': 'northwind',
}}
zenpy_client = Zenpy(**creds)
""", [t2])

    k1 = g.alnum(20)
    add("docs/runbooks/freshdesk.md", "freshdesk-curl-runbook", f"""# Freshdesk: bulk-closing spam tickets

The spam filter misses the Tuesday wave; close them by hand:

```sh
curl -v -u {k1}:X -H "Content-Type: application/json" \\
  -X GET 'https://fabrikam.freshdesk.com/api/v2/search/tickets?query="tag:%27spam%27"'
```
""", [k1])

    dc = "us%d" % r.randint(2, 21)
    k1 = g.hex(32) + "-" + dc
    add("server/lib/newsletter.js", "mailchimp-marketing-node", f"""const mailchimp = require('@mailchimp/mailchimp_marketing');

mailchimp.setConfig({{
  apiKey: '{k1}',
  server: '{dc}',
}});

const LIST_ID = '4b7c21d9e0';

async function subscribe(email) {{
  return mailchimp.lists.addListMember(LIST_ID, {{ email_address: email, status: 'pending' }});
}}

module.exports = {{ subscribe }};
""", [k1])

    k1, k2, k3 = "pk_" + g.hex(34), g.uuid4(), g.hex(32) + "-us%d" % r.randint(2, 21)
    add("crm-portal/config/services.php", "laravel-services-marketing", f"""<?php

return [

    'postmark' => [
        'token' => '{k2}',
    ],

    'klaviyo' => [
        'public_key' => 'Xk9pQ2',
        'private_key' => '{k1}',
    ],

    'mailchimp' => [
        'apikey' => '{k3}',
        'list_id' => 'a41c9e07d2',
    ],

];
""", [k1, k2, k3])

    k1, m1 = "pk_" + g.hex(34), "md-" + g.alnum(22)
    add("marketing-sync/.gitlab-ci.yml", "klaviyo-gitlab-ci-variables", f"""stages: [test, deploy]

variables:
  NODE_VERSION: "20"
  KLAVIYO_PRIVATE_KEY: "{k1}"
  KLAVIYO_LIST_ID: "Rt8Wq3"
  MANDRILL_API_KEY: {m1}

sync-segments:
  stage: deploy
  image: node:20-alpine
  script:
    - npm ci
    - node scripts/sync-klaviyo-segments.js
  only: [main]
""", [k1, m1])

    k1 = "xsmtpsib-%s-%s" % (g.hex(64), g.alnum(16))
    k2 = "xkeysib-%s-%s" % (g.hex(64), g.alnum(16))
    ps, vs = g.hex(20), g.alnum(16)
    add("shop/.env", "brevo-laravel-env", f"""APP_NAME="Fabrikam Shop"
APP_ENV=production
APP_URL=https://shop.fabrikam.org

MAIL_MAILER=smtp
MAIL_HOST=smtp-relay.brevo.com
MAIL_PORT=587
MAIL_USERNAME=7a1c02001@smtp-brevo.com
MAIL_PASSWORD={k1}
MAIL_ENCRYPTION=tls
MAIL_FROM_ADDRESS=orders@fabrikam.org

BREVO_API_KEY={k2}

BROADCAST_DRIVER=pusher
PUSHER_APP_ID={r.randint(1000000, 1999999)}
PUSHER_APP_KEY={g.hex(20)}
PUSHER_APP_SECRET={ps}
PUSHER_APP_CLUSTER=eu

VONAGE_KEY={g.hex(8)}
VONAGE_SECRET={vs}
VONAGE_SMS_FROM=FabrikamShop
""", [k1, k2, ps, vs])

    s1, k1, k2 = g.hex(20), g.hex(20), g.hex(32)
    add("helpdesk/config/initializers/customerio.rb", "customerio-ruby-clients", f"""require "customerio"

# Track API (site id + tracking key) for events, App API for transactional mail
$customerio = Customerio::Client.new("{s1}", "{k1}", region: Customerio::Regions::EU)
$customerio_app = Customerio::APIClient.new("{k2}", region: Customerio::Regions::EU)
""", [k1, k2])

    k1 = g.hex(32)
    add("tools/iterable/backfill_events.sh", "iterable-curl-api-key", f"""#!/bin/sh
# replay purchase events missed during the outage of 2024-02-11
while read -r line; do
  curl -s -X POST https://api.iterable.com/api/events/track \\
    -H "Api-Key: {k1}" \\
    -H "Content-Type: application/json" \\
    -d "$line"
done < missed-purchases.jsonl
""", [k1])

    # ================================================================ product analytics
    k1 = "sgp_" + g.alnum(64)
    add("analytics/segment/list_sources.py", "segment-public-api-python", f"""import requests

SEGMENT_TOKEN = "{k1}"

resp = requests.get(
    "https://api.segmentapis.com/sources",
    headers={{"Authorization": f"Bearer {{SEGMENT_TOKEN}}"}},
    params={{"pagination.count": 200}},
    timeout=30,
)
for src in resp.json()["data"]["sources"]:
    print(src["slug"], src["enabled"])
""", [k1])

    sa, k1, k2 = "export-bot.%s.mp-service-account" % g.hex(6), g.alnum(32), g.hex(32)
    add("etl/mixpanel_export.py", "mixpanel-service-account", f"""import datetime as dt
import requests

MIXPANEL_PROJECT_ID = 2847193
MIXPANEL_API_SECRET = "{k2}"   # legacy, still used by the funnels job

SA_USER = "{sa}"
SA_SECRET = "{k1}"


def export(day: dt.date):
    return requests.get(
        "https://data-eu.mixpanel.com/api/2.0/export",
        params={{"project_id": MIXPANEL_PROJECT_ID, "from_date": day, "to_date": day}},
        auth=(SA_USER, SA_SECRET),
        stream=True,
    )
""", [k1, k2])

    k1, s1 = g.hex(32), g.hex(32)
    add("docs/data/amplitude-export.md", "amplitude-export-curl", f"""## Raw event export

Amplitude keeps raw events for the export API; pull a month at a time:

    curl -u {k1}:{s1} 'https://analytics.eu.amplitude.com/api/2/export?start=20240101T00&end=20240131T23' -o jan.zip

Then `unzip jan.zip && gunzip */*.gz` and load with `scripts/load_amplitude.py`.
""", [s1])

    k1, k2 = "phc_" + g.alnum(43), "phx_" + g.alnum(43)
    add("growth-web/.env.local", "posthog-nextjs-env", f"""NEXT_PUBLIC_SITE_URL=https://app.northwind-apps.com
NEXT_PUBLIC_POSTHOG_KEY={k1}
NEXT_PUBLIC_POSTHOG_HOST=https://eu.i.posthog.com
# for the feature-flag sync script
POSTHOG_PERSONAL_API_KEY={k2}
POSTHOG_PROJECT_ID=41177
""", [k2])

    # ================================================================ headless CMS
    k1 = "CFPAT-" + g.b64url(43)
    add("home/dev/.contentfulrc.json", "contentfulrc-management-token", json.dumps({
        "managementToken": k1,
        "activeSpaceId": g.chars(LOWER_ALNUM, 12),
        "activeEnvironmentId": "master",
        "host": "api.contentful.com",
    }, indent=2) + "\n", [k1])

    k1 = "sk" + g.alnum(180)
    add("studio/lib/sanity.server.ts", "sanity-client-token", f"""import {{ createClient }} from '@sanity/client'

export const writeClient = createClient({{
  projectId: '{g.chars(LOWER_ALNUM, 8)}',
  dataset: 'production',
  apiVersion: '2024-01-01',
  useCdn: false,
  token: '{k1}',
}})
""", [k1])

    k1 = g.alnum(22) + "tt"
    add("site/nuxt.config.ts", "storyblok-nuxt-config", f"""export default defineNuxtConfig({{
  modules: [
    [
      '@storyblok/nuxt',
      {{
        accessToken: '{k1}',
        apiOptions: {{ region: 'eu' }},
      }},
    ],
    '@nuxtjs/tailwindcss',
  ],
  css: ['~/assets/css/main.css'],
}})
""", [k1])

    raw = b"0." + g.alnum(16).encode() + b"." + bytes(r.getrandbits(8) for _ in range(36))
    k1 = b64url_nopad(raw)
    add("marketing-site/src/prismicio.js", "prismic-access-token", f"""import * as prismic from '@prismicio/client'

export const repositoryName = 'fabrikam-marketing'

export function createClient(config = {{}}) {{
  return prismic.createClient(repositoryName, {{
    accessToken: '{k1}',
    routes: [{{ type: 'page', path: '/:uid' }}],
    ...config,
  }})
}}
""", [k1])

    k1 = g.hex(30)
    add("blog/lib/datocms.js", "datocms-graphql-token", f"""export async function request({{ query, variables, preview }}) {{
  const endpoint = preview
    ? 'https://graphql.datocms.com/preview'
    : 'https://graphql.datocms.com/'
  const res = await fetch(endpoint, {{
    method: 'POST',
    headers: {{
      Authorization: 'Bearer {k1}',
      'Content-Type': 'application/json',
    }},
    body: JSON.stringify({{ query, variables }}),
  }})
  return (await res.json()).data
}}
""", [k1])

    # ================================================================ productivity
    k1 = "pat%s.%s" % (g.alnum(14), g.hex(64))
    add("ops/airtable_inventory.py", "airtable-pat-python", f"""from pyairtable import Api

api = Api("{k1}")
table = api.table("app4Rk2bN8tQw1xYz", "Laptops")

for rec in table.all(formula="{{Status}}='Assigned'"):
    print(rec["fields"].get("Serial"), rec["fields"].get("Owner"))
""", [k1])

    k1 = "ntn_" + digits(11) + g.alnum(35)
    add(".github/workflows/changelog-to-notion.yml", "notion-github-actions-env", f"""name: changelog to notion
on:
  release:
    types: [published]

jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      NOTION_TOKEN: {k1}
      NOTION_DATABASE_ID: 8c1f0d2e6a7b4c93a1d5e0f2b3c4d5e6
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && node scripts/publish-changelog.mjs
""", [k1])

    k1 = "lin_api_" + g.alnum(40)
    add("tools/linear/Makefile", "linear-makefile-curl", f""".PHONY: release-issues
release-issues:
\tcurl -s https://api.linear.app/graphql \\
\t  -H "Content-Type: application/json" \\
\t  -H "Authorization: {k1}" \\
\t  -d '{{"query":"{{ issues(filter: {{labels: {{name: {{eq: \\"release\\"}}}}}}) {{ nodes {{ identifier title }} }} }}"}}' | jq .
""", [k1])

    k1 = "pk_%s_%s" % (digits(8), g.chars(UPPER_ALNUM, 32))
    add("automation/clickup_sprint_report.py", "clickup-personal-token", f"""import requests

CLICKUP_TEAM = "9012345678"
HEADERS = {{"Authorization": "{k1}", "Content-Type": "application/json"}}


def tasks(list_id):
    url = f"https://api.clickup.com/api/v2/list/{{list_id}}/task"
    return requests.get(url, headers=HEADERS, params={{"include_closed": "true"}}).json()["tasks"]
""", [k1])

    k1 = "2/%s/%s:%s" % (digits(16), digits(16), g.hex(32))
    add("scripts/asana_weekly.py", "asana-pat-python", f"""import asana

configuration = asana.Configuration()
configuration.access_token = '{k1}'
api_client = asana.ApiClient(configuration)
tasks_api = asana.TasksApi(api_client)
""", [k1])

    mon = jwt({"alg": "HS256"}, {"tid": r.randint(10**8, 10**9), "aai": 11,
                                  "uid": r.randint(10**7, 10**8),
                                  "iad": "2024-03-05T10:11:12.000Z", "per": "me:write",
                                  "actid": r.randint(10**6, 10**7), "rgn": "euc1"}, 43)
    cal = jwt({"kid": g.hex(8), "typ": "PAT", "alg": "ES512"},
              {"iss": "https://auth.calendly.com", "iat": ts(), "jti": g.uuid4(),
               "user_uuid": g.uuid4()}, 176)
    sb_app, sb_tok = g.uuid4().upper(), g.hex(40)
    add("postman/Fabrikam-Prod.postman_environment.json", "postman-environment-saas", json.dumps({
        "id": g.uuid4(),
        "name": "Fabrikam Prod",
        "values": [
            {"key": "monday_url", "value": "https://api.monday.com/v2", "type": "default",
             "enabled": True},
            {"key": "monday_token", "value": mon, "type": "secret", "enabled": True},
            {"key": "calendly_pat", "value": cal, "type": "secret", "enabled": True},
            {"key": "sendbird_app_id", "value": sb_app, "type": "default", "enabled": True},
            {"key": "sendbird_api_token", "value": sb_tok, "type": "secret", "enabled": True},
        ],
        "_postman_variable_scope": "environment",
        "_postman_exported_at": "2024-03-12T09:41:17.512Z",
        "_postman_exported_using": "Postman/10.24.3",
    }, indent=2) + "\n", [mon, cal, sb_tok])

    k1, t1 = g.hex(32), "ATTA" + g.hex(64) + g.upper_hex(8)
    add("docs/trello-archive.md", "trello-url-key-token", f"""# Archiving the 2023 boards

List the boards first, then archive by id:

    curl 'https://api.trello.com/1/members/me/boards?fields=name,closed&key={k1}&token={t1}'

`closed=true` on each one that is not pinned in #ops.
""", [t1])

    k1 = g.hex(40)
    add("bots/todoist_standup.py", "todoist-python-client", f"""from todoist_api_python.api import TodoistAPI

api = TodoistAPI("{k1}")

today = [t for t in api.get_tasks(filter="today")]
print("\\n".join(f"- {{t.content}}" for t in today))
""", [k1])

    # ================================================================ communications
    k1, s1 = g.hex(8), g.alnum(16)
    add("services/sms/vonage.js", "vonage-node-sdk", f"""const {{ Vonage }} = require('@vonage/server-sdk');

const vonage = new Vonage({{
  apiKey: '{k1}',
  apiSecret: '{s1}',
}});

async function sendCode(to, code) {{
  return vonage.sms.send({{ to, from: 'Fabrikam', text: `Your code: ${{code}}` }});
}}

module.exports = {{ sendCode }};
""", [s1])

    a1, t1 = "MA" + g.chars(UPPER_ALNUM, 18), g.alnum(40)
    add("notify/plivo_sms.py", "plivo-rest-client", f"""import plivo

client = plivo.RestClient(auth_id="{a1}", auth_token="{t1}")


def send(dst, text):
    return client.messages.create(src="+14155550100", dst=dst, text=text)
""", [t1])

    k1 = g.alnum(25)
    add("app/Notifications/MessageBirdChannel.php", "messagebird-php-client", f"""<?php

namespace App\\Notifications;

use MessageBird\\Client;
use MessageBird\\Objects\\Message;

class MessageBirdChannel
{{
    public function send($notifiable, $notification)
    {{
        $messagebird = new Client('{k1}');
        $message = new Message();
        $message->originator = 'Fabrikam';
        $message->recipients = [$notifiable->phone];
        $message->body = $notification->toSms($notifiable);
        return $messagebird->messages->create($message);
    }}
}}
""", [k1])

    p1, t1 = g.hex(32), g.hex(32)
    add("scripts/sinch_send.sh", "sinch-curl-bearer", f"""#!/bin/bash
SERVICE_PLAN_ID={p1}
API_TOKEN={t1}

curl -X POST "https://eu.sms.api.sinch.com/xms/v1/$SERVICE_PLAN_ID/batches" \\
  -H "Authorization: Bearer $API_TOKEN" \\
  -H 'Content-Type: application/json' \\
  -d "{{\\"from\\":\\"447537404817\\",\\"to\\":[\\"$1\\"],\\"body\\":\\"$2\\"}}"
""", [t1])

    k1 = "KEY%s_%s" % (g.upper_hex(32), g.alnum(22))
    add("voice/telnyx_calls.py", "telnyx-python-api-key", f"""import telnyx

telnyx.api_key = "{k1}"
CONNECTION_ID = "1684641123236054244"


def dial(to):
    return telnyx.Call.create(connection_id=CONNECTION_ID, to=to, from_="+13125550100")
""", [k1])

    k1, s1 = g.hex(20), g.hex(20)
    add("helpdesk/config/initializers/pusher.rb", "pusher-rails-initializer", f"""require 'pusher'

Pusher.app_id = '{r.randint(1000000, 1999999)}'
Pusher.key = '{k1}'
Pusher.secret = '{s1}'
Pusher.cluster = 'eu'
Pusher.logger = Rails.logger
Pusher.encrypted = true
""", [s1])

    k1 = "%s.%s:%s" % (g.alnum(6), g.chars(B62 + "-_", 6), g.chars(B62 + "-_", 43))
    add("realtime/src/ably.ts", "ably-rest-key", f"""import * as Ably from 'ably'

// server side only: issues token requests for the browser clients
export const ably = new Ably.Rest({{ key: '{k1}' }})

export async function tokenRequest(clientId: string) {{
  return ably.auth.createTokenRequest({{ clientId }})
}}
""", [k1])

    k1, s1 = g.chars(LOWER_ALNUM, 12), g.chars(LOWER_ALNUM, 64)
    add("feeds/settings.py", "stream-django-settings", f"""INSTALLED_APPS += ["stream_django"]

STREAM_API_KEY = "{k1}"
STREAM_API_SECRET = "{s1}"
STREAM_LOCATION = "dublin"
""", [s1])

    # ================================================================ maps and data APIs
    k1 = g.b64url(43)
    add("geo/geocode_addresses.py", "here-geocode-url", f"""import csv
import requests

HERE_URL = "https://geocode.search.hereapi.com/v1/geocode?q={{q}}&apiKey={k1}"

with open("stores.csv") as fh:
    for row in csv.DictReader(fh):
        hit = requests.get(HERE_URL.format(q=row["address"])).json()["items"][0]
        print(row["id"], hit["position"]["lat"], hit["position"]["lng"])
""", [k1])

    k1 = g.alnum(32)
    add("public/js/store-map.js", "tomtom-web-sdk-key", f"""const map = tt.map({{
  key: '{k1}',
  container: 'store-map',
  center: [4.8952, 52.3702],
  zoom: 11,
}});
map.addControl(new tt.NavigationControl());
""", [k1])

    k1 = g.hex(14)
    add("api/middleware/geoip.js", "ipinfo-node-token", f"""const {{ IPinfoWrapper }} = require('node-ipinfo');

const ipinfo = new IPinfoWrapper('{k1}');

module.exports = async function geoip(req, res, next) {{
  req.geo = await ipinfo.lookupIp(req.ip);
  next();
}};
""", [k1])

    k1 = g.hex(32)
    add("includes/geo.php", "ipstack-php-url", f"""<?php
function visitor_country($ip) {{
    $url = 'http://api.ipstack.com/' . $ip . '?access_key={k1}&fields=country_code';
    $json = json_decode(file_get_contents($url), true);
    return $json['country_code'] ?? 'XX';
}}
""", [k1])

    k1 = g.hex(32)
    add("news/fetch_headlines.py", "newsapi-python-client", f"""from newsapi import NewsApiClient

newsapi = NewsApiClient(api_key='{k1}')
top = newsapi.get_top_headlines(category='technology', language='en', page_size=50)
""", [k1])

    k1 = g.chars(UPPER_ALNUM, 16)
    add("research/stock_momentum.ipynb", "alphavantage-notebook", json.dumps({
        "cells": [
            {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
             "source": ["import pandas as pd\n", "import requests\n", "\n",
                        f"API_KEY = \"{k1}\"\n",
                        "url = f\"https://www.alphavantage.co/query?function=TIME_SERIES_DAILY"
                        "&symbol=MSFT&outputsize=full&apikey={API_KEY}\"\n",
                        "data = requests.get(url).json()"]},
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n", [k1])

    # ================================================================ payments
    k1 = "AQE%s-%s-%s" % (g.b64(70), g.b64(32), g.chars(B62 + "<>~%,.=", 16))
    h1 = g.upper_hex(64)
    add("checkout-service/src/main/resources/application.yml", "adyen-spring-yaml", f"""server:
  port: 8443
adyen:
  environment: LIVE
  live-endpoint-url-prefix: 1797a841fbb37ca7-FabrikamShop
  merchant-account: FabrikamShopECOM
  api-key: "{k1}"
  client-key: live_{g.chars(UPPER_ALNUM, 32)}
  hmac-key: {h1}
""", [k1, h1])

    t1, s1 = "EAAA" + g.b64url(60), "sq0csp-" + g.b64url(43)
    add("pos-bridge/.env", "square-dotenv", f"""SQUARE_ENVIRONMENT=production
SQUARE_APPLICATION_ID=sq0idp-{g.b64url(22)}
SQUARE_APPLICATION_SECRET={s1}
SQUARE_ACCESS_TOKEN={t1}
SQUARE_LOCATION_ID=L{g.chars(UPPER_ALNUM, 12)}
""", [t1, s1])

    m1, p1, k1 = g.chars(LOWER_ALNUM, 16), g.chars(LOWER_ALNUM, 16), g.hex(32)
    add("helpdesk/config/initializers/braintree.rb", "braintree-ruby-gateway", f"""BRAINTREE_GATEWAY = Braintree::Gateway.new(
  environment: :production,
  merchant_id: "{m1}",
  public_key: "{p1}",
  private_key: "{k1}",
)
""", [k1])

    k1 = "live_" + g.alnum(30)
    add("app/Payments/MollieGateway.php", "mollie-php-live-key", f"""<?php

namespace App\\Payments;

use Mollie\\Api\\MollieApiClient;

class MollieGateway
{{
    private MollieApiClient $mollie;

    public function __construct()
    {{
        $this->mollie = new MollieApiClient();
        $this->mollie->setApiKey("{k1}");
    }}
}}
""", [k1])

    i1, s1, w1 = "rzp_live_" + g.alnum(14), g.alnum(24), g.password()
    add("payments/razorpay_client.py", "razorpay-python-auth", f"""import razorpay

client = razorpay.Client(auth=("{i1}", "{s1}"))
client.set_app_details({{"title": "fabrikam-store", "version": "2.4.1"}})

RAZORPAY_WEBHOOK_SECRET = "{w1}"


def verify(body, signature):
    client.utility.verify_webhook_signature(body, signature, RAZORPAY_WEBHOOK_SECRET)
""", [s1, w1])

    k1 = "sk_live_" + g.hex(40)
    add("storefront/.env.production", "paystack-dotenv", f"""NODE_ENV=production
PAYSTACK_PUBLIC_KEY=pk_live_{g.hex(40)}
PAYSTACK_SECRET_KEY={k1}
PAYSTACK_CALLBACK_URL=https://store.contoso-hosting.net/paystack/callback
""", [k1])

    k1, e1 = "FLWSECK-%s-X" % g.hex(32), g.hex(24)
    add("pay-africa/config/flutterwave.js", "flutterwave-node-config", f"""module.exports = {{
  publicKey: 'FLWPUBK-{g.hex(32)}-X',
  secretKey: '{k1}',
  encryptionKey: '{e1}',
  redirectUrl: 'https://pay.contoso-hosting.net/flw/return',
}};
""", [k1, e1])

    k1 = "sk_" + g.uuid4()
    add("payments-api/src/main/resources/application.properties", "checkout-com-properties",
        f"""spring.application.name=payments-api
checkout.environment=PRODUCTION
checkout.public-key=pk_{g.uuid4()}
checkout.secret-key={k1}
checkout.processing-channel-id=pc_{g.chars(LOWER_ALNUM, 26)}
""", [k1])

    k1 = "pdl_live_apikey_%s_%s_%s" % (g.chars(ULID, 26), g.alnum(22), g.alnum(3))
    w1 = "pdl_ntfset_%s_%s" % (g.chars(ULID, 26), g.alnum(32))
    add("billing/.env", "paddle-cashier-env", f"""APP_ENV=production
PADDLE_SANDBOX=false
PADDLE_CLIENT_SIDE_TOKEN=live_{g.hex(27)}
PADDLE_API_KEY={k1}
PADDLE_WEBHOOK_SECRET="{w1}"
CASHIER_CURRENCY=EUR
""", [k1, w1])

    lsq = jwt({"typ": "JWT", "alg": "RS256"},
              {"aud": "94d59cef-dbb8-4ea5-b178-d2540fcd6919", "jti": g.hex(80), "iat": ts(),
               "nbf": ts(), "exp": 2000000000 + r.randint(0, 10**8), "sub": str(r.randint(10**5, 10**7)),
               "scopes": []}, 683)
    s1 = g.alnum(24)
    add("saas/.env", "lemonsqueezy-env", f"""LEMONSQUEEZY_API_KEY={lsq}
LEMONSQUEEZY_STORE_ID={r.randint(10000, 99999)}
LEMONSQUEEZY_SIGNING_SECRET={s1}
""", [lsq, s1])

    # ================================================================ e-signature, forms, scheduling
    c1, s1, w1 = g.uuid4(), g.uuid4(), g.b64url(43)
    add("Contracts.Api/appsettings.Production.json", "docusign-appsettings", json.dumps({
        "Logging": {"LogLevel": {"Default": "Warning"}},
        "DocuSign": {
            "ClientId": c1,
            "ClientSecret": s1,
            "ImpersonatedUserId": g.uuid4(),
            "AuthServer": "account.docusign.com",
            "BasePath": "https://eu.docusign.net/restapi",
        },
        "Calendly": {
            "OrganizationUri": "https://api.calendly.com/organizations/" + g.uuid4(),
            "WebhookSigningKey": w1,
        },
    }, indent=2) + "\n", [s1, w1])

    k1 = "tfp_%s_%s" % (g.alnum(44), g.alnum(14))
    add("docs/forms/typeform-responses.md", "typeform-curl-bearer", f"""Responses of the NPS form since Monday:

```bash
curl --request GET \\
  --url 'https://api.typeform.com/forms/Xq7Tz1/responses?since=2024-03-11T00:00:00Z' \\
  --header 'Authorization: Bearer {k1}'
```
""", [k1])

    k1 = g.hex(32)
    add("forms/sync.php", "jotform-php-client", f"""<?php
require_once 'JotForm.php';

$jotformAPI = new JotForm("{k1}");
$submissions = $jotformAPI->getFormSubmissions('240713390422040');
foreach ($submissions as $s) {{
    insert_lead($s['answers']);
}}
""", [k1])

    # ================================================================ negatives
    add("neg/app/.env.example", "neg-saas-env-example", """HUBSPOT_ACCESS_TOKEN=pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx
MAILCHIMP_API_KEY=your-api-key-us21
BREVO_API_KEY=xkeysib-your-api-key
KLAVIYO_PRIVATE_KEY=pk_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
POSTHOG_PERSONAL_API_KEY=phx_your_personal_api_key
NOTION_TOKEN=ntn_...
LINEAR_API_KEY=lin_api_<your key>
PAYSTACK_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
PADDLE_API_KEY=
SQUARE_ACCESS_TOKEN=<square access token>
TELNYX_API_KEY=KEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
""", negative=True)

    add("neg/config/services.php", "neg-laravel-services-env", """<?php

return [
    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],
    'klaviyo' => [
        'private_key' => env('KLAVIYO_PRIVATE_KEY'),
    ],
    'mollie' => [
        'key' => env('MOLLIE_KEY', ''),
    ],
    'razorpay' => [
        'key_id' => env('RAZORPAY_KEY_ID'),
        'key_secret' => env('RAZORPAY_KEY_SECRET'),
    ],
];
""", negative=True)

    add("neg/web/checkout.html", "neg-publishable-keys", """<script src="https://js.paystack.co/v1/inline.js"></script>
<script src="https://checkout.razorpay.com/v1/checkout.js"></script>
<script>
  posthog.init('phc_Qm3kR8vT1wXy6ZbN2pLd9sFh4JcA7eGu0oWiKtYrVnE', { api_host: 'https://eu.i.posthog.com' })
  const paystack = PaystackPop.setup({ key: 'pk_live_5c1e8a2f9d4b7e3a6c0f1d8b2e5a9c4f7d3b1e6a', email, amount })
  const rzp = new Razorpay({ key: 'rzp_live_Ab3Cd4Ef5Gh6Ij', amount: 49900, currency: 'INR' })
  const adyen = await AdyenCheckout({ clientKey: 'live_7QHN2XKJ4ZBVCM5TPRWLYDFG3S8E6UA9', environment: 'live' })
  Paddle.Initialize({ token: 'live_7d279f61a3499fed520f7cd8c08' })
  FlutterwaveCheckout({ public_key: 'FLWPUBK-9a3c8e1f2b7d4a6c0e5f1b8d3a7c2e9f-X', tx_ref, amount })
</script>
<script async src="https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=Xk9pQ2"></script>
""", negative=True)

    add("neg/docs/integrations.md", "neg-provider-docs-curl", """# Integrations

Every call needs the provider's key in an environment variable, never in the repository.

```sh
curl -u "$ZENDESK_EMAIL/token:$ZENDESK_API_TOKEN" https://northwind.zendesk.com/api/v2/tickets.json
curl -u YOUR_API_KEY:X https://fabrikam.freshdesk.com/api/v2/tickets
curl -H "Api-Key: <ITERABLE_API_KEY>" https://api.iterable.com/api/lists
curl "https://api.trello.com/1/members/me/boards?key={apiKey}&token={apiToken}"
curl -H "Authorization: Bearer $TYPEFORM_TOKEN" https://api.typeform.com/forms
curl "https://api.ipstack.com/check?access_key=YOUR_ACCESS_KEY"
```
""", negative=True)

    add("neg/checkout-service/src/main/resources/application.yml", "neg-adyen-spring-env", """adyen:
  environment: ${ADYEN_ENVIRONMENT:TEST}
  merchant-account: ${ADYEN_MERCHANT_ACCOUNT}
  api-key: ${ADYEN_API_KEY}
  client-key: ${ADYEN_CLIENT_KEY}
  hmac-key: ${ADYEN_HMAC_KEY:}
""", negative=True)

    add("neg/postman/Fabrikam.postman_environment.json", "neg-postman-environment-empty", json.dumps({
        "id": "5f0c2b9e-1d3a-4c7b-8e6f-0a9b8c7d6e5f",
        "name": "Fabrikam (template)",
        "values": [
            {"key": "monday_token", "value": "", "type": "secret", "enabled": True},
            {"key": "calendly_pat", "value": "{{CALENDLY_PAT}}", "type": "secret", "enabled": True},
            {"key": "sendbird_api_token", "value": "<paste token>", "type": "secret",
             "enabled": True},
        ],
        "_postman_variable_scope": "environment",
    }, indent=2) + "\n", negative=True)

    add("neg/.github/workflows/changelog-to-notion.yml", "neg-notion-actions-secrets", """name: changelog to notion
on:
  release:
    types: [published]
jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      NOTION_TOKEN: ${{ secrets.NOTION_TOKEN }}
      LINEAR_API_KEY: ${{ secrets.LINEAR_API_KEY }}
      KLAVIYO_PRIVATE_KEY: ${{ secrets.KLAVIYO_PRIVATE_KEY }}
    steps:
      - uses: actions/checkout@v4
      - run: node scripts/publish-changelog.mjs
""", negative=True)

    add("neg/tests/test_webhooks.py", "neg-webhook-signature-vectors", """import hashlib
import hmac

# Recorded deliveries: the signature headers are HMACs of the body, kept to verify the handler.
PAYSTACK_BODY = b'{"event":"charge.success","data":{"id":302961}}'
PAYSTACK_SIGNATURE = "9c3a1f0e4b7d2c6a8e5f1b0d3c7a9e2f4b6d8c0a1e3f5b7d9c2e4a6f8b0d1c3e5a7f9b2d4c6e8a0f1b3d5c7e9a2f4b6d8e0c1a3f5b7d9e2c4a6f8b0d2e4c6a"
RAZORPAY_SIGNATURE = "d5f2a9c1e7b3f0a4c8e2d6b9f1a3c5e7d0b2f4a6c8e1d3b5f7a9c0e2d4b6f8a1"
SQUARE_SIGNATURE = "W6+hZq3mP8sN1tY5vB0xK7cR2dL9fG4jH6kT3wQ1zE8="


def test_paystack_signature():
    assert hmac.compare_digest(sign(PAYSTACK_BODY, "sha512"), PAYSTACK_SIGNATURE)
""", negative=True)

    add("neg/docs/providers-sandbox.md", "neg-docs-sample-values", """## Sandbox values from the providers' docs

| provider    | value                                                     |
|-------------|-----------------------------------------------------------|
| Flutterwave | `FLWSECK_TEST-SANDBOXDEMOKEY-X`                           |
| Brevo       | `xkeysib-****************************************-****` (masked in the dashboard) |
| HubSpot     | `pat-na1-00000000-0000-0000-0000-000000000000`            |
| Mollie      | `test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`                     |
| Checkout    | `sk_sbox_xxxxxxxxxxxxxxxxxxxxxxxxxxx`                     |
""", negative=True)

    add("neg/feeds/settings.py", "neg-django-settings-environ", """import os

STREAM_API_KEY = os.environ["STREAM_API_KEY"]
STREAM_API_SECRET = os.environ["STREAM_API_SECRET"]
MIXPANEL_API_SECRET = os.getenv("MIXPANEL_API_SECRET", "")
NEWSAPI_KEY = os.environ.get("NEWSAPI_KEY")
ALPHAVANTAGE_API_KEY = os.environ.get("ALPHAVANTAGE_API_KEY", "demo")
""", negative=True)

    add("neg/config/initializers/pusher.rb", "neg-rails-initializer-credentials", """Pusher.app_id = Rails.application.credentials.dig(:pusher, :app_id)
Pusher.key = Rails.application.credentials.dig(:pusher, :key)
Pusher.secret = Rails.application.credentials.dig(:pusher, :secret)
INTERCOM = Intercom::Client.new(token: ENV.fetch('INTERCOM_ACCESS_TOKEN'))
BRAINTREE_GATEWAY = Braintree::Gateway.new(
  environment: :sandbox,
  merchant_id: ENV["BT_MERCHANT_ID"],
  public_key: ENV["BT_PUBLIC_KEY"],
  private_key: ENV["BT_PRIVATE_KEY"],
)
""", negative=True)
