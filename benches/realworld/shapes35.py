"""Thirty-fifth batch of the real-world set: test automation and QA (end-to-end, load and API test
suites and their configs).

Written blind (committed before any scanner ran on it) from the tools' documented formats and from
how staging credentials sit in the test suites people commit: Cypress (`cypress.env.json`, the
`env` block of `cypress.config.ts`, custom login commands, `fixtures/users.json`, a record key in
`package.json` scripts), Playwright (`httpCredentials` / `extraHTTPHeaders` and a Slack reporter
webhook in `playwright.config.ts`, a saved `storageState` file with a session cookie and a
localStorage token), WebdriverIO for BrowserStack and Sauce Labs, a LambdaTest hub URL in a Java
base test, `testng.xml` parameters, Appium capabilities with `bstack:options`, the BrowserStack
SDK's `browserstack.yml`, Nightwatch with TestingBot `tb:options`, Protractor `sauceKey`,
TestCafe roles, Robot Framework variables, Katalon profiles, Serenity `serenity.conf`, Sauce
Connect and `BrowserStackLocal` in a CI script; BDD (a Cucumber feature with an Examples table,
`behave.ini` userdata); unit and integration suites (pytest `conftest.py`, `pytest.ini`
pytest-env, `.env.test`, `jest.setup.js`); recordings (a Polly.js HAR, a nock back fixture, a
go-vcr cassette); load testing (a k6 CLI config, vegeta targets, Tsung XML, JMeter `-J`
properties); API testing (Schemathesis, `dredd.yml`, Pact broker publishing, Tavern, a Bruno
environment, Newman against the Postman API, Karate `karate-config.js`); test management and
reporting (TestRail `trcli`, Xray Cloud, Zephyr Scale, ReportPortal, Applitools, Percy /
Chromatic / Allure TestOps, Codecov, Lighthouse CI); seed data (a Laravel seeder, an SQL seed).

Public or non-secret values sit unlabelled beside the secrets: user names, BrowserStack app ids,
Cypress project ids, Chromatic app ids, Stripe publishable keys, analytics cookies. Negatives:
the same files with `Cypress.env()`, `process.env`, `%{ENV}` and `${{ secrets.X }}` look-ups,
throwaway Testcontainers and docker-compose credentials for containers the test starts itself,
cassettes with filtered headers, hashed fixture passwords, faker values, invalid-login test data,
placeholders and docs.
"""

import base64
import json
import string

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase


def t(text, **kw):
    """`text` with each `@NAME@` replaced by kw['NAME'] (no f-string brace escaping in JS/JSON)."""
    for k, v in kw.items():
        text = text.replace("@" + k + "@", v)
    return text


def build_thirtyfifth(g, add):
    r = g.r

    def pw():
        """A password that survives shell, XML, YAML and JS quoting."""
        return "".join(c for c in g.password() if c not in '\'"\\`$<>&#%; ,!|{}')

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def jwt(claims, alg="HS256"):
        head = b64url_nopad(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
        body = b64url_nopad(json.dumps(claims, separators=(",", ":")).encode())
        return "%s.%s.%s" % (head, body, g.b64url(43 if alg == "HS256" else 342))

    def now():
        return 1710000000 + r.randint(0, 20000000)

    def bs_user():
        return r.choice(["qaautomation", "jenkinsci", "mobileqa", "fabrikamqa"]) + "_" + g.alnum(6)

    def bs_key():
        return g.alnum(20)

    def slack_hook():
        return "https://hooks.slack.com/services/T%s/B%s/%s" % (
            g.chars(UPPER + string.digits, 8), g.chars(UPPER + string.digits, 10), g.alnum(24))

    def sendgrid():
        return "SG." + g.b64url(22) + "." + g.b64url(43)

    def pmak():
        return "PMAK-" + g.hex(24) + "-" + g.hex(34)

    def applitools():
        return g.alnum(19) + "110" + g.alnum(21)

    def testrail():
        return g.alnum(20) + "-" + g.alnum(9)

    # ================================================================ Cypress
    apw, mk, a0 = pw(), g.alnum(16), g.b64url(64)
    add("web/storefront/cypress.env.json", "cypress-env-json", t("""{
  "apiUrl": "https://api.staging.northwind-apps.com",
  "adminEmail": "qa-admin@northwind-apps.com",
  "adminPassword": "@APW@",
  "mailosaurServerId": "@SID@",
  "mailosaurApiKey": "@MK@",
  "auth0Domain": "northwind-staging.eu.auth0.com",
  "auth0ClientId": "@A0ID@",
  "auth0ClientSecret": "@A0@",
  "featureFlags": { "newCheckout": true }
}
""", APW=apw, SID=g.chars(LOWER + string.digits, 8), MK=mk, A0ID=g.alnum(32), A0=a0), [apw, mk, a0])

    cpw, tm = pw(), g.uuid4()
    add("web/admin-console/cypress.config.ts", "cypress-config-env-block", t("""import { defineConfig } from 'cypress';

export default defineConfig({
  projectId: '@PID@',
  viewportWidth: 1440,
  viewportHeight: 900,
  retries: { runMode: 2, openMode: 0 },
  e2e: {
    baseUrl: 'https://admin.staging.fabrikam.org',
    specPattern: 'cypress/e2e/**/*.cy.ts',
    setupNodeEvents(on, config) {
      return config;
    },
  },
  env: {
    username: 'cypress.runner@fabrikam.org',
    password: '@CPW@',
    stripePublishableKey: 'pk_test_@PK@',
    testmailNamespace: 'fbk7q',
    testmailApiKey: '@TM@',
  },
});
""", PID=g.chars(LOWER + string.digits, 6), CPW=cpw, PK=g.alnum(99), TM=tm), [cpw, tm])

    lp1, lp2 = pw(), pw()
    add("web/storefront/cypress/support/commands.js", "cypress-login-commands", t("""// ***********************************************
// Custom commands
// ***********************************************

Cypress.Commands.add('loginAsAdmin', () => {
  cy.session('admin', () => {
    cy.request({
      method: 'POST',
      url: '/api/auth/login',
      body: { email: 'qa-admin@northwind-apps.com', password: '@LP1@' },
    }).its('status').should('eq', 200);
  });
});

Cypress.Commands.add('loginAsSupport', () => {
  cy.visit('/login');
  cy.get('[data-cy=email]').type('support.qa@northwind-apps.com');
  cy.get('[data-cy=password]').type('@LP2@', { log: false });
  cy.get('[data-cy=submit]').click();
  cy.url().should('include', '/dashboard');
});

Cypress.Commands.add('getByCy', (selector) => cy.get(`[data-cy=${selector}]`));
""", LP1=lp1, LP2=lp2), [lp1, lp2])

    u1, u2, u3 = pw(), pw(), pw()
    add("web/storefront/cypress/fixtures/users.json", "cypress-fixture-users", json.dumps({
        "admin": {"email": "qa-admin@northwind-apps.com", "password": u1, "role": "admin"},
        "buyer": {"email": "buyer.qa@northwind-apps.com", "password": u2, "role": "customer",
                  "address": {"city": "Leeds", "postcode": "LS1 4AP"}},
        "merchant": {"email": "merchant.qa@northwind-apps.com", "password": u3, "role": "merchant"},
    }, indent=2) + "\n", [u1, u2, u3])

    rk, ck = g.uuid4(), g.alnum(16)
    add("web/checkout/package.json", "cypress-record-key-script", t("""{
  "name": "checkout-e2e",
  "private": true,
  "scripts": {
    "cy:open": "cypress open",
    "cy:run": "cypress run --browser chrome",
    "cy:ci": "cypress run --record --key @RK@ --parallel --ci-build-id $CI_PIPELINE_ID",
    "cy:currents": "currents run --parallel --record-key @CK@ --ci-build-id $CI_PIPELINE_ID"
  },
  "devDependencies": {
    "@currents/cli": "^6.1.0",
    "cypress": "^13.6.4"
  }
}
""", RK=rk, CK=ck), [rk, ck])

    # ================================================================ Playwright
    hp, xk, sh = pw(), g.alnum(32), slack_hook()
    add("web/portal/playwright.config.ts", "playwright-config-credentials", t("""import { defineConfig, devices } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  retries: process.env.CI ? 2 : 0,
  reporter: [
    ['html', { open: 'never' }],
    ['./reporters/slack-reporter.ts', { webhookUrl: '@SH@', channel: '#qa-alerts' }],
  ],
  use: {
    baseURL: 'https://portal-staging.contoso-hosting.net',
    httpCredentials: {
      username: 'staging',
      password: '@HP@',
    },
    extraHTTPHeaders: {
      'X-Api-Key': '@XK@',
      'Accept-Language': 'en-GB',
    },
    trace: 'on-first-retry',
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] } },
    { name: 'webkit', use: { ...devices['Desktop Safari'] } },
  ],
});
""", SH=sh, HP=hp, XK=xk), [sh, hp, xk])

    sess = g.b64url(180)
    tok = jwt({"sub": "auth0|" + g.hex(24), "aud": "https://api.contoso-hosting.net", "iat": now(),
               "exp": now() + 86400, "scope": "openid profile email"}, alg="RS256")
    add("web/portal/playwright/.auth/admin.json", "playwright-storage-state", json.dumps({
        "cookies": [
            {"name": "_ga", "value": "GA1.1.%d.%d" % (r.randint(10**8, 10**9), now()), "domain": ".contoso-hosting.net",
             "path": "/", "expires": now() + 10**7, "httpOnly": False, "secure": False, "sameSite": "Lax"},
            {"name": "__Secure-next-auth.session-token", "value": sess, "domain": "portal-staging.contoso-hosting.net",
             "path": "/", "expires": now() + 2592000, "httpOnly": True, "secure": True, "sameSite": "Lax"},
        ],
        "origins": [{"origin": "https://portal-staging.contoso-hosting.net", "localStorage": [
            {"name": "theme", "value": "dark"},
            {"name": "access_token", "value": tok},
        ]}],
    }, indent=2) + "\n", [sess, tok])

    # ================================================================ WebdriverIO / Selenium clouds
    bk = bs_key()
    add("mobile-web/e2e/wdio.conf.js", "wdio-browserstack-conf", t("""exports.config = {
  user: '@BU@',
  key: '@BK@',
  hostname: 'hub.browserstack.com',
  services: [
    ['browserstack', {
      browserstackLocal: true,
      testObservability: true,
      buildIdentifier: '${BUILD_NUMBER}',
    }],
  ],
  specs: ['./test/specs/**/*.e2e.js'],
  maxInstances: 5,
  capabilities: [{
    browserName: 'chrome',
    'bstack:options': { os: 'Windows', osVersion: '11', buildName: 'storefront-web' },
  }],
  framework: 'mocha',
  mochaOpts: { ui: 'bdd', timeout: 120000 },
};
""", BU=bs_user(), BK=bk), [bk])

    sk = g.uuid4()
    add("mobile-web/e2e/wdio.sauce.conf.ts", "wdio-sauce-conf", t("""import type { Options } from '@wdio/types';
import { config as baseConfig } from './wdio.shared.conf';

export const config: Options.Testrunner = {
  ...baseConfig,
  user: 'fabrikam-qa',
  key: '@SK@',
  region: 'eu',
  services: [['sauce', { sauceConnect: true, sauceConnectOpts: { tunnelName: 'fabrikam-ci' } }]],
  capabilities: [{
    browserName: 'safari',
    platformName: 'macOS 13',
    'sauce:options': { build: `storefront-${process.env.GITHUB_RUN_NUMBER}` },
  }],
};
""", SK=sk), [sk])

    ltk = "LT_" + g.alnum(47)
    add("qa/ui-tests/src/test/java/com/fabrikam/qa/BaseTest.java", "lambdatest-hub-url-java", t("""package com.fabrikam.qa;

import java.net.URL;
import java.util.HashMap;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.testng.annotations.BeforeMethod;

public class BaseTest {
    protected RemoteWebDriver driver;
    private static final String HUB = "https://qa.lead:@LTK@@hub.lambdatest.com/wd/hub";

    @BeforeMethod
    public void setUp() throws Exception {
        ChromeOptions browserOptions = new ChromeOptions();
        browserOptions.setPlatformName("Windows 10");
        HashMap<String, Object> ltOptions = new HashMap<>();
        ltOptions.put("build", "regression");
        ltOptions.put("project", "fabrikam-web");
        browserOptions.setCapability("LT:Options", ltOptions);
        driver = new RemoteWebDriver(new URL(HUB), browserOptions);
    }
}
""", LTK=ltk), [ltk])

    tp, tbk = pw(), bs_key()
    add("qa/ui-tests/testng.xml", "testng-xml-parameters", t("""<!DOCTYPE suite SYSTEM "https://testng.org/testng-1.0.dtd">
<suite name="Regression" parallel="tests" thread-count="3">
  <parameter name="baseUrl" value="https://staging.acmecorp.de"/>
  <parameter name="username" value="regression.bot@acmecorp.de"/>
  <parameter name="password" value="@TP@"/>
  <parameter name="browserstack.user" value="@BU@"/>
  <parameter name="browserstack.key" value="@TBK@"/>
  <test name="Chrome">
    <parameter name="browser" value="chrome"/>
    <classes>
      <class name="de.acmecorp.qa.CheckoutTest"/>
      <class name="de.acmecorp.qa.AccountTest"/>
    </classes>
  </test>
</suite>
""", TP=tp, BU=bs_user(), TBK=tbk), [tp, tbk])

    abk = bs_key()
    add("apps/tally/appium/caps/android-bs.json", "appium-caps-bstack-options", json.dumps({
        "platformName": "android",
        "appium:app": "bs://" + g.hex(40),
        "appium:deviceName": "Google Pixel 8",
        "appium:platformVersion": "14.0",
        "appium:automationName": "UiAutomator2",
        "bstack:options": {"userName": bs_user(), "accessKey": abk, "projectName": "Tally",
                           "buildName": "android-nightly", "debug": True, "networkLogs": True},
    }, indent=2) + "\n", [abk])

    sbk = bs_key()
    add("apps/tally/browserstack.yml", "browserstack-sdk-yml", t("""userName: @BU@
accessKey: @SBK@
projectName: Tally Web
buildName: tally-web-regression
buildIdentifier: '#${BUILD_NUMBER}'
framework: testng
platforms:
  - os: Windows
    osVersion: 11
    browserName: Chrome
    browserVersion: latest
  - os: OS X
    osVersion: Sonoma
    browserName: Safari
parallelsPerPlatform: 2
browserstackLocal: true
debug: false
networkLogs: false
consoleLogs: errors
""", BU=bs_user(), SBK=sbk), [sbk])

    tbk1, tbs1 = g.hex(32), g.hex(32)
    add("web/booking/nightwatch.conf.js", "nightwatch-testingbot", t("""module.exports = {
  src_folders: ['tests/e2e'],
  page_objects_path: ['tests/pages'],
  test_settings: {
    default: {
      launch_url: 'https://booking.staging.fabrikam.org',
    },
    testingbot: {
      selenium: { host: 'hub.testingbot.com', port: 443 },
      desiredCapabilities: {
        browserName: 'chrome',
        'tb:options': {
          key: '@K@',
          secret: '@S@',
          name: 'booking-e2e',
        },
      },
    },
  },
};
""", K=tbk1, S=tbs1), [tbk1, tbs1])

    psk, ppw = g.uuid4(), pw()
    add("legacy/angular-admin/e2e/protractor.conf.js", "protractor-sauce-conf", t("""// Protractor configuration file
const { SpecReporter } = require('jasmine-spec-reporter');

exports.config = {
  sauceUser: 'contoso-ci',
  sauceKey: '@PSK@',
  sauceRegion: 'us',
  allScriptsTimeout: 11000,
  specs: ['./src/**/*.e2e-spec.ts'],
  capabilities: { browserName: 'chrome', version: 'latest' },
  baseUrl: 'https://admin-qa.contoso-hosting.net/',
  params: {
    login: {
      user: 'e2e-admin',
      password: '@PPW@'
    }
  },
  framework: 'jasmine',
  onPrepare() {
    require('ts-node').register({ project: require('path').join(__dirname, './tsconfig.json') });
    jasmine.getEnv().addReporter(new SpecReporter({ spec: { displayStacktrace: true } }));
  }
};
""", PSK=psk, PPW=ppw), [psk, ppw])

    rp1, rp2 = pw(), pw()
    add("web/cms/tests/e2e/roles.js", "testcafe-roles", t("""import { Role } from 'testcafe';

export const admin = Role('https://cms.staging.acmecorp.de/login', async t => {
    await t
        .typeText('#email', 'redaktion-admin@acmecorp.de')
        .typeText('#password', '@RP1@', { paste: true })
        .click('button[type=submit]');
}, { preserveUrl: true });

export const editor = Role('https://cms.staging.acmecorp.de/login', async t => {
    await t
        .typeText('#email', 'redaktion@acmecorp.de')
        .typeText('#password', '@RP2@')
        .click('button[type=submit]');
});
""", RP1=rp1, RP2=rp2), [rp1, rp2])

    rfp, rfk = pw(), bs_key()
    add("qa/robot/resources/variables.robot", "robot-framework-variables", t("""*** Settings ***
Documentation     Shared variables for the staging suite

*** Variables ***
${BASE_URL}           https://shop.staging.northwind-apps.com
${BROWSER}            chrome
${ADMIN_USER}         robot.admin
${ADMIN_PASSWORD}     @RFP@
${REMOTE_URL}         https://@BU@:@RFK@@hub-cloud.browserstack.com/wd/hub
${TIMEOUT}            15s
@{LANGUAGES}          en    de    fr
""", RFP=rfp, BU=bs_user(), RFK=rfk), [rfp, rfk])

    kp1, kp2 = pw(), g.alnum(32)
    add("qa/katalon/Profiles/staging.glbl", "katalon-profile-glbl", t("""<?xml version="1.0" encoding="UTF-8"?>
<GlobalVariableEntities>
   <description></description>
   <name>staging</name>
   <tag></tag>
   <defaultProfile>false</defaultProfile>
   <GlobalVariableEntity>
      <description>Base URL</description>
      <initValue>'https://crm.staging.contoso-hosting.net'</initValue>
      <name>baseUrl</name>
   </GlobalVariableEntity>
   <GlobalVariableEntity>
      <description></description>
      <initValue>'katalon.qa@contoso-hosting.net'</initValue>
      <name>username</name>
   </GlobalVariableEntity>
   <GlobalVariableEntity>
      <description></description>
      <initValue>'@KP1@'</initValue>
      <name>password</name>
   </GlobalVariableEntity>
   <GlobalVariableEntity>
      <description>CRM REST API key</description>
      <initValue>'@KP2@'</initValue>
      <name>apiKey</name>
   </GlobalVariableEntity>
</GlobalVariableEntities>
""", KP1=kp1, KP2=kp2), [kp1, kp2])

    ssk, sap = g.uuid4(), pw()
    add("qa/serenity-tests/src/test/resources/serenity.conf", "serenity-conf-hocon", t("""serenity {
  project.name = "Orders acceptance"
  take.screenshots = FOR_FAILURES
}

webdriver {
  driver = remote
  remote.url = "https://fabrikam-ci:@SSK@@ondemand.eu-central-1.saucelabs.com:443/wd/hub"
  capabilities {
    browserName = "chrome"
    "sauce:options" { build = "orders-acceptance" }
  }
}

environments {
  staging {
    webdriver.base.url = "https://orders.staging.fabrikam.org"
    accounts.admin.username = "serenity-admin"
    accounts.admin.password = "@SAP@"
  }
}
""", SSK=ssk, SAP=sap), [ssk, sap])

    scs, blk = g.uuid4(), bs_key()
    add("ci/scripts/start-tunnels.sh", "sauce-connect-browserstack-local", t("""#!/usr/bin/env bash
set -euo pipefail

# Sauce Connect 5
sc run --region eu-central --username fabrikam-ci --access-key @SCS@ \\
  --tunnel-name "ci-${CI_JOB_ID}" --proxy-localhost &

# BrowserStack Local for the mobile suite
./BrowserStackLocal --key @BLK@ --local-identifier "ci-${CI_JOB_ID}" --force-local --daemon start

sleep 10
""", SCS=scs, BLK=blk), [scs, blk])

    # ================================================================ BDD
    cf1, cf2, cf3 = pw(), pw(), pw()
    add("qa/bdd/features/checkout.feature", "cucumber-feature-credentials", t("""Feature: Checkout for registered customers

  Background:
    Given I am on the staging shop "https://shop.staging.acmecorp.de"
    And I log in as "stammkunde@acmecorp.de" with password "@CF1@"

  Scenario: Pay with a saved card
    When I add "Kaffeemaschine X2" to the basket
    And I check out with the saved card
    Then I see the order confirmation

  Scenario Outline: Customers of each tier see their discount
    Given I log in as "<username>" with password "<password>"
    When I open the basket
    Then I see a discount of <discount>

    Examples:
      | username               | password | discount |
      | gold.qa@acmecorp.de    | @CF2@ | 10%      |
      | silver.qa@acmecorp.de  | @CF3@ | 5%       |
""", CF1=cf1, CF2=cf2, CF3=cf3), [cf1, cf2, cf3])

    bt, bp = g.hex(40), pw()
    add("qa/behave-api/behave.ini", "behave-ini-userdata", t("""[behave]
format = pretty
show_skipped = false
junit = true
junit_directory = reports

[behave.userdata]
base_url = https://api.staging.contoso-hosting.net
api_token = @BT@
admin_user = behave-admin
admin_password = @BP@
""", BT=bt, BP=bp), [bt, bp])

    # ================================================================ unit / integration suites
    ck1, cp1 = g.alnum(40), pw()
    add("services/billing/tests/conftest.py", "pytest-conftest-fixtures", t('''import pytest
import requests

from billing.client import BillingClient

STAGING = "https://billing.staging.northwind-apps.com"


@pytest.fixture(scope="session")
def staging_client():
    return BillingClient(base_url=STAGING, api_key="@CK1@", timeout=30)


@pytest.fixture(scope="session")
def admin_session():
    s = requests.Session()
    s.auth = ("svc-qa", "@CP1@")
    s.headers["Accept"] = "application/json"
    yield s
    s.close()


@pytest.fixture
def invoice_payload():
    return {"customer": "cus_test_1", "amount": 1299, "currency": "GBP"}
''', CK1=ck1, CP1=cp1), [ck1, cp1])

    ip1, it1 = g.url_password(), g.gh_token()
    add("services/inventory/pytest.ini", "pytest-ini-env", t("""[pytest]
testpaths = tests
addopts = -ra --strict-markers
markers =
    integration: hits the staging stack
env =
    D:DATABASE_URL=postgresql://inventory_it:@IP1@@pg-staging.fabrikam.org:5432/inventory
    D:GITHUB_TOKEN=@IT1@
    ENVIRONMENT=staging
""", IP1=ip1, IT1=it1), [ip1, it1])

    ep, sg, ms = g.url_password(), sendgrid(), g.hex(64)
    add("apps/signup/.env.test", "dotenv-test", t("""NODE_ENV=test
APP_URL=https://signup.staging.acmecorp.de
DATABASE_URL=postgres://signup_test:@EP@@staging-pg.acmecorp.de:5432/signup_test
SENDGRID_API_KEY=@SG@
MAILSLURP_API_KEY=@MS@
FEATURE_NEW_ONBOARDING=true
LOG_LEVEL=warn
""", EP=ep, SG=sg, MS=ms), [ep, sg, ms])

    jg, ja = "github_pat_11" + g.chars(UPPER + string.digits, 20) + "_" + g.alnum(59), g.hex(32)
    add("packages/sync/jest.setup.js", "jest-setup-process-env", t("""// Runs before every test file (jest.config.js: setupFiles)
process.env.TZ = 'UTC';
process.env.GITHUB_TOKEN = '@JG@';
process.env.ALGOLIA_APP_ID = '@AID@';
process.env.ALGOLIA_ADMIN_KEY = '@JA@';

jest.setTimeout(30000);
""", JG=jg, AID=g.chars(UPPER + string.digits, 10), JA=ja), [jg, ja])

    # ================================================================ recordings
    pt = jwt({"sub": str(r.randint(10**5, 10**6)), "iat": now(), "scope": "orders:read"})
    add("web/storefront/test/__recordings__/Orders_3209184/lists-orders_1188221/recording.har",
        "polly-recording-har", json.dumps({"log": {"_recordingName": "Orders/lists orders", "creator": {
            "comment": "persister:fs", "name": "Polly.JS", "version": "6.0.6"}, "entries": [{
                "_id": g.hex(32), "_order": 0, "cache": {},
                "request": {"bodySize": 0, "cookies": [], "headers": [
                    {"_fromType": "array", "name": "accept", "value": "application/json"},
                    {"_fromType": "array", "name": "authorization", "value": "Bearer " + pt},
                    {"_fromType": "array", "name": "host", "value": "api.northwind-apps.com"}],
                    "headersSize": 312, "httpVersion": "HTTP/1.1", "method": "GET", "queryString": [],
                    "url": "https://api.northwind-apps.com/v2/orders?limit=20"},
                "response": {"bodySize": 41, "content": {"mimeType": "application/json", "size": 41,
                                                         "text": "{\"orders\":[],\"next\":null}"},
                             "cookies": [], "headers": [], "status": 200, "statusText": "OK"},
                "startedDateTime": "2024-03-11T09:14:02.114Z", "time": 188, "timings": {"wait": 188}}],
            "pages": [], "version": "1.2"}}, indent=2) + "\n", [pt])

    nid, nsec, nat = g.alnum(32), g.b64url(48), g.b64url(86)
    add("services/crm-sync/test/fixtures/nock/oauth-token.json", "nock-back-fixture", json.dumps([{
        "scope": "https://login.fabrikam.org:443", "method": "POST", "path": "/oauth2/token",
        "body": "grant_type=client_credentials&client_id=%s&client_secret=%s&scope=crm.read" % (nid, nsec),
        "status": 200,
        "response": {"access_token": nat, "token_type": "Bearer", "expires_in": 3600},
        "rawHeaders": ["Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"],
        "responseIsBinary": False}], indent=2) + "\n", [nsec, nat])

    vt = g.gh_token()
    add("tools/repo-audit/testdata/fixtures/list_repos.yaml", "go-vcr-cassette", t("""---
version: 2
interactions:
- id: 0
  request:
    proto: HTTP/1.1
    proto_major: 1
    proto_minor: 1
    content_length: 0
    body: ""
    form: {}
    headers:
      Accept:
      - application/vnd.github+json
      Authorization:
      - token @VT@
    url: https://api.github.com/orgs/northwind/repos?per_page=100
    method: GET
  response:
    proto: HTTP/2.0
    status: 200 OK
    code: 200
    duration: 412.5ms
    body: '[]'
""", VT=vt), [vt])

    # ================================================================ load testing
    k6t = g.hex(64)
    add("home/perf/.config/loadimpact/k6/config.json", "k6-cli-config", json.dumps({
        "collectors": {"cloud": {"name": "checkout-soak", "projectID": r.randint(3000000, 3999999),
                                 "token": k6t}}}, indent=2) + "\n", [k6t])

    vj, vk = jwt({"sub": "loadtest", "iat": now(), "role": "perf"}), g.alnum(40)
    add("perf/vegeta/targets.txt", "vegeta-targets", t("""GET https://api.staging.contoso-hosting.net/v1/catalog?page=1
Authorization: Bearer @VJ@

POST https://api.staging.contoso-hosting.net/v1/cart
Content-Type: application/json
X-Api-Key: @VK@
@body/cart.json
""", VJ=vj, VK=vk), [vj, vk])

    tsp, tst = pw(), g.hex(40)
    add("perf/tsung/portal.xml", "tsung-xml", t("""<?xml version="1.0"?>
<!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
<tsung loglevel="notice" version="1.0">
  <clients>
    <client host="localhost" use_controller_vm="true" maxusers="2000"/>
  </clients>
  <servers>
    <server host="portal.staging.acmecorp.de" port="443" type="ssl"/>
  </servers>
  <load>
    <arrivalphase phase="1" duration="10" unit="minute">
      <users arrivalrate="20" unit="second"/>
    </arrivalphase>
  </load>
  <sessions>
    <session name="browse" probability="100" type="ts_http">
      <request>
        <http url="/api/account" method="GET" version="1.1">
          <www_authenticate userid="loadtest" passwd="@TSP@"/>
        </http>
      </request>
      <request>
        <http url="/api/search?q=stuhl" method="GET" version="1.1">
          <http_header name="X-Auth-Token" value="@TST@"/>
        </http>
      </request>
    </session>
  </sessions>
</tsung>
""", TSP=tsp, TST=tst), [tsp, tst])

    jp, jt = pw(), g.alnum(32)
    add("perf/jmeter/run-soak.sh", "jmeter-cli-properties", t("""#!/bin/sh
# nightly soak test against staging
JMETER_HOME=/opt/apache-jmeter-5.6.3
$JMETER_HOME/bin/jmeter -n -t checkout-soak.jmx \\
  -Jhost=shop.staging.northwind-apps.com -Jthreads=200 -Jduration=3600 \\
  -Jusername=perf.user -Jpassword=@JP@ \\
  -Japi_token=@JT@ \\
  -l results/soak-$(date +%F).jtl -e -o results/html-$(date +%F)
""", JP=jp, JT=jt), [jp, jt])

    # ================================================================ API testing
    sp, sbt = pw(), g.alnum(48)
    add("api/contract/run-fuzz.sh", "schemathesis-cli", t("""#!/usr/bin/env bash
set -e
# property-based tests against staging
schemathesis run https://api.staging.fabrikam.org/openapi.json \\
  --auth qa-fuzzer:@SP@ --checks all --workers 4 --hypothesis-max-examples 200

st run https://partners.staging.fabrikam.org/openapi.yaml \\
  -H "Authorization: Bearer @SBT@" --checks not_a_server_error
""", SP=sp, SBT=sbt), [sp, sbt])

    dp, dk = pw(), g.hex(32)
    add("api/contract/dredd.yml", "dredd-yml", t("""color: true
dry-run: null
hookfiles: ./hooks.js
language: nodejs
require: null
server: npm start
server-wait: 3
init: false
custom: {}
names: false
only: []
reporter: [apiary]
output: []
header:
  - "X-Api-Key: @DK@"
sorted: false
user: apiary-ci:@DP@
inline-errors: false
details: false
method: []
loglevel: warning
path: []
blueprint: api-description.apib
endpoint: 'https://api.staging.northwind-apps.com'
""", DK=dk, DP=dp), [dk, dp])

    pbt, pbp = g.alnum(22), pw()
    add("services/orders/Makefile", "pact-broker-makefile", t("""PACT_BROKER_BASE_URL ?= https://northwind.pactflow.io
VERSION := $(shell git rev-parse --short HEAD)

test-pact:
\tnpm run test:pact

publish-pacts:
\tpact-broker publish ./pacts --consumer-app-version $(VERSION) --branch $(BRANCH) \\
\t  --broker-base-url $(PACT_BROKER_BASE_URL) --broker-token @PBT@

can-i-deploy:
\tpact-broker can-i-deploy --pacticipant orders-web --version $(VERSION) --to-environment production \\
\t  --broker-base-url https://pacts.internal.northwind-apps.com --broker-username ci --broker-password @PBP@
""", PBT=pbt, PBP=pbp), [pbt, pbp])

    tvt, tvp = g.alnum(40), pw()
    add("api/tests/test_login.tavern.yaml", "tavern-yaml", t("""---
test_name: Log in and fetch the profile

stages:
  - name: log in
    request:
      url: https://api.staging.acmecorp.de/v1/login
      method: POST
      headers:
        X-Client-Key: @TVT@
      json:
        username: tavern-bot
        password: @TVP@
    response:
      status_code: 200
      save:
        json:
          session_token: token

  - name: profile
    request:
      url: https://api.staging.acmecorp.de/v1/me
      method: GET
      headers:
        Authorization: "Bearer {session_token}"
    response:
      status_code: 200
""", TVT=tvt, TVP=tvp), [tvt, tvp])

    bru1, bru2 = g.alnum(32), pw()
    add("api-collections/payments/environments/Staging.bru", "bruno-environment", t("""vars {
  baseUrl: https://payments.staging.contoso-hosting.net
  merchantId: MRC-20931
  apiKey: @BRU1@
  adminUser: bruno-qa
  adminPassword: @BRU2@
}
vars:secret [
  webhookSecret
]
""", BRU1=bru1, BRU2=bru2), [bru1, bru2])

    pm, np_ = pmak(), pw()
    add("api/.gitlab-ci.yml", "newman-postman-api", t("""stages: [test]

api-tests:
  stage: test
  image: postman/newman:6-alpine
  script:
    - newman run "https://api.getpostman.com/collections/@CID@?apikey=@PM@"
        --environment environments/staging.postman_environment.json
        --env-var "adminPassword=@NP@"
        --reporters cli,junit --reporter-junit-export newman.xml
  artifacts:
    reports:
      junit: newman.xml
""", CID="%d-%s" % (r.randint(10**7, 10**8), g.uuid4()), PM=pm, NP=np_), [pm, np_])

    kcp, kck = pw(), g.hex(32)
    add("api/karate/src/test/java/karate-config.js", "karate-config-js", t("""function fn() {
  var env = karate.env || 'dev';
  karate.log('karate.env system property was:', env);
  var config = {
    env: env,
    baseUrl: 'https://api.dev.fabrikam.org'
  };
  if (env == 'staging') {
    config.baseUrl = 'https://api.staging.fabrikam.org';
    config.adminUser = 'karate-admin';
    config.adminPassword = '@KCP@';
    config.partnerApiKey = '@KCK@';
  }
  karate.configure('connectTimeout', 10000);
  return config;
}
""", KCP=kcp, KCK=kck), [kcp, kck])

    # ================================================================ test management / reporting
    trk = testrail()
    add("qa/ui-tests/trcli-config.yml", "testrail-trcli-config", t("""host: https://fabrikam.testrail.io
project: Web Storefront
username: qa-automation@fabrikam.org
key: @TRK@
title: Automated regression
run_description: Nightly run from Jenkins
file: reports/junit.xml
""", TRK=trk), [trk])

    xid, xsec = g.upper_hex(32), g.hex(64)
    add("qa/ui-tests/scripts/xray-import.sh", "xray-cloud-authenticate", t("""#!/bin/bash
set -e
TOKEN=$(curl -s -H "Content-Type: application/json" -X POST \\
  --data '{ "client_id": "@XID@","client_secret": "@XSEC@" }' \\
  https://xray.cloud.getxray.app/api/v2/authenticate | tr -d '"')

curl -s -H "Content-Type: text/xml" -H "Authorization: Bearer $TOKEN" -X POST \\
  --data @"reports/junit.xml" \\
  "https://xray.cloud.getxray.app/api/v2/import/execution/junit?projectKey=WEB"
""", XID=xid, XSEC=xsec), [xsec])

    zt = jwt({"context": {"baseUrl": "https://acmecorp.atlassian.net", "user": {"accountId": "5f" + g.hex(22)}},
              "iss": "com.kanoah.test-manager", "sub": g.uuid4(), "exp": now() + 31536000, "iat": now()})
    add("qa/ui-tests/Jenkinsfile", "zephyr-scale-jenkinsfile", t("""pipeline {
  agent { label 'linux' }
  environment {
    ZEPHYR_SCALE_TOKEN = '@ZT@'
    ZEPHYR_PROJECT = 'SHOP'
  }
  stages {
    stage('Test') {
      steps { sh 'mvn -B test -Dsurefire.reportFormat=xml' }
    }
    stage('Publish to Zephyr') {
      steps {
        sh '''
          curl -s -X POST "https://api.zephyrscale.smartbear.com/v2/automations/executions/junit?projectKey=$ZEPHYR_PROJECT&autoCreateTestCases=true" \\
            -H "Authorization: Bearer $ZEPHYR_SCALE_TOKEN" -F "file=@target/surefire-reports/TEST-results.xml"
        '''
      }
    }
  }
}
""", ZT=zt), [zt])

    rpk = "ci-runner_" + g.b64url(64)
    add("qa/api-tests/src/test/resources/reportportal.properties", "reportportal-properties", t("""rp.endpoint = https://reportportal.internal.contoso-hosting.net
rp.api.key = @RPK@
rp.launch = api-regression
rp.project = contoso_web
rp.enable = true
rp.attributes = env:staging;suite:api
""", RPK=rpk), [rpk])

    apk = applitools()
    add("web/portal/applitools.config.js", "applitools-config-js", t("""module.exports = {
  testConcurrency: 5,
  apiKey: '@APK@',
  appName: 'Customer Portal',
  batchName: 'Portal visual regression',
  browser: [
    { width: 1440, height: 900, name: 'chrome' },
    { width: 1440, height: 900, name: 'safari' },
    { deviceName: 'iPhone 14', screenOrientation: 'portrait' },
  ],
  showLogs: false,
};
""", APK=apk), [apk])

    pct, chp, alt = "web_" + g.hex(64), "chpt_" + g.hex(14), g.uuid4()
    add("web/design-system/.github/workflows/visual.yml", "percy-chromatic-allure-workflow", t("""name: Visual tests
on: [pull_request]

jobs:
  visual:
    runs-on: ubuntu-latest
    env:
      PERCY_TOKEN: @PCT@
      ALLURE_ENDPOINT: https://allure.internal.fabrikam.org
      ALLURE_TOKEN: @ALT@
      ALLURE_PROJECT_ID: 12
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - run: npm ci
      - run: npx percy exec -- npx playwright test
      - run: npx chromatic --project-token=@CHP@ --exit-zero-on-changes
      - run: allurectl upload allure-results
""", PCT=pct, ALT=alt, CHP=chp), [pct, alt, chp])

    cct = g.uuid4()
    add("services/ledger/codecov.yml", "codecov-yml-token", t("""codecov:
  token: @CCT@
  require_ci_to_pass: true
coverage:
  precision: 2
  round: down
  range: "70...100"
  status:
    project:
      default:
        target: auto
        threshold: 1%
comment:
  layout: "reach,diff,flags,files"
""", CCT=cct), [cct])

    lht, lhp = g.uuid4(), pw()
    add("web/marketing/lighthouserc.json", "lighthouse-ci-rc", json.dumps({"ci": {
        "collect": {"url": ["https://www.staging.acmecorp.de/", "https://www.staging.acmecorp.de/preise"],
                    "numberOfRuns": 3},
        "assert": {"preset": "lighthouse:recommended"},
        "upload": {"target": "lhci", "serverBaseUrl": "https://lhci.internal.acmecorp.de",
                   "token": lht, "basicAuth": {"username": "lhci", "password": lhp}},
    }}, indent=2) + "\n", [lht, lhp])

    # ================================================================ seed data
    sdp = pw()
    add("apps/helpdesk/database/seeders/StagingUserSeeder.php", "laravel-seeder-hash-make", t("""<?php

namespace Database\\Seeders;

use App\\Models\\User;
use Illuminate\\Database\\Seeder;
use Illuminate\\Support\\Facades\\Hash;

class StagingUserSeeder extends Seeder
{
    public function run(): void
    {
        User::updateOrCreate(
            ['email' => 'support-lead@contoso-hosting.net'],
            [
                'name' => 'Support Lead',
                'password' => Hash::make('@SDP@'),
                'is_admin' => true,
            ]
        );

        User::factory()->count(50)->create();
    }
}
""", SDP=sdp), [sdp])

    sq1, sq2 = pw(), pw()
    add("db/seed/staging_users.sql", "sql-seed-plaintext", t("""-- staging seed: QA accounts (login with these in the test plans)
INSERT INTO app_users (email, display_name, password, role, created_at) VALUES
  ('qa.manager@northwind-apps.com', 'QA Manager', '@SQ1@', 'admin', now()),
  ('qa.tester@northwind-apps.com', 'QA Tester', '@SQ2@', 'tester', now());

INSERT INTO app_roles (name) VALUES ('admin'), ('tester');
""", SQ1=sq1, SQ2=sq2), [sq1, sq2])

    # ================================================================ negatives
    add("neg/b35/web/storefront/cypress.config.ts", "neg-cypress-env-lookups", """import { defineConfig } from 'cypress';

export default defineConfig({
  projectId: 'x7k2pa',
  e2e: {
    baseUrl: process.env.CYPRESS_BASE_URL ?? 'http://localhost:3000',
    setupNodeEvents(on, config) {
      config.env.password = process.env.E2E_PASSWORD;
      config.env.mailosaurApiKey = process.env.MAILOSAUR_API_KEY;
      return config;
    },
  },
  env: {
    username: 'cypress.runner@example.com',
  },
});

// cypress/support/commands.ts
// cy.get('[data-cy=password]').type(Cypress.env('password'), { log: false });
""", negative=True)

    add("neg/b35/mobile-web/e2e/wdio.conf.js", "neg-wdio-process-env", """exports.config = {
  user: process.env.BROWSERSTACK_USERNAME,
  key: process.env.BROWSERSTACK_ACCESS_KEY,
  hostname: 'hub.browserstack.com',
  services: [['browserstack', { browserstackLocal: true }]],
  capabilities: [{ browserName: 'chrome' }],
  framework: 'mocha',
};
""", negative=True)

    add("neg/b35/services/orders/src/test/java/com/fabrikam/orders/OrderRepositoryIT.java",
        "neg-testcontainers-throwaway", """package com.fabrikam.orders;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

@Testcontainers
class OrderRepositoryIT {

    @Container
    static PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:16-alpine")
            .withDatabaseName("orders")
            .withUsername("test")
            .withPassword("test");

    @Test
    void savesAnOrder() {
        var repo = new OrderRepository(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        repo.save(new Order("A-1", 1299));
    }
}
""", negative=True)

    add("neg/b35/services/orders/docker-compose.test.yml", "neg-compose-test-postgres", """services:
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: postgres
      POSTGRES_DB: orders_test
    ports:
      - "55432:5432"
    tmpfs:
      - /var/lib/postgresql/data
  tests:
    build: .
    command: npm run test:integration
    environment:
      DATABASE_URL: postgres://postgres:postgres@db:5432/orders_test
    depends_on: [db]
""", negative=True)

    add("neg/b35/web/test/__recordings__/Orders/recording.har", "neg-polly-redacted", json.dumps({"log": {
        "_recordingName": "Orders/lists orders", "creator": {"name": "Polly.JS", "version": "6.0.6"},
        "entries": [{"request": {"headers": [
            {"name": "authorization", "value": "[REDACTED]"},
            {"name": "x-api-key", "value": "<API_KEY>"},
            {"name": "cookie", "value": "FILTERED"}],
            "method": "GET", "url": "https://api.example.com/v2/orders"},
            "response": {"status": 200, "content": {"text": "{\"orders\":[]}"}}}]}}, indent=2) + "\n",
        negative=True)

    add("neg/b35/db/fixtures/users.json", "neg-fixture-hashed-passwords", json.dumps([
        {"model": "accounts.user", "pk": 1, "fields": {"email": "admin@example.com",
                                                      "password": g.django_pbkdf2(), "is_staff": True}},
        {"model": "accounts.user", "pk": 2, "fields": {"email": "tester@example.com",
                                                      "password": g.bcrypt(), "is_staff": False}},
    ], indent=2) + "\n", negative=True)

    add("neg/b35/qa/bdd/features/login.feature", "neg-cucumber-invalid-logins", """Feature: Login validation

  Scenario Outline: Rejected logins show an error
    Given I am on the login page
    When I log in as "<username>" with password "<password>"
    Then I see the error "<message>"

    Examples:
      | username            | password        | message                     |
      | user@example.com    | wrong-password  | Invalid email or password   |
      | user@example.com    |                 | Password is required        |
      | not-an-email        | irrelevant      | Enter a valid email address |
      | locked@example.com  | correct-horse   | Your account is locked      |
""", negative=True)

    add("neg/b35/docs/testing/remote-browsers.md", "neg-qa-docs-placeholders", """# Running the suites on remote browsers

BrowserStack: export your credentials and run:

    export BROWSERSTACK_USERNAME=<your-username>
    export BROWSERSTACK_ACCESS_KEY=<your-access-key>
    npx wdio run wdio.conf.js

Sauce Labs: `user: 'YOUR_SAUCE_USERNAME', key: 'YOUR_SAUCE_ACCESS_KEY'` in `wdio.sauce.conf.ts`,
or the hub URL `https://USERNAME:ACCESS_KEY@ondemand.eu-central-1.saucelabs.com/wd/hub`.

Cypress Cloud: `cypress run --record --key <record-key>` (the key is in the project settings).
Percy: `PERCY_TOKEN=<token> npx percy exec -- npm test`.
""", negative=True)

    add("neg/b35/apps/signup/.env.test.example", "neg-dotenv-test-example", """NODE_ENV=test
APP_URL=http://localhost:3000
DATABASE_URL=postgres://postgres:postgres@localhost:5432/signup_test
SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
MAILSLURP_API_KEY=changeme
TESTMAIL_APIKEY=your-testmail-api-key
""", negative=True)

    add("neg/b35/web/portal/playwright/.auth/anonymous.json", "neg-storage-state-anonymous", json.dumps({
        "cookies": [
            {"name": "_ga", "value": "GA1.1.%d.%d" % (r.randint(10**8, 10**9), now()), "domain": ".example.com",
             "path": "/", "expires": now() + 10**7, "httpOnly": False, "secure": False, "sameSite": "Lax"},
            {"name": "cookie_consent", "value": "necessary,analytics", "domain": "portal.example.com",
             "path": "/", "expires": now() + 10**7, "httpOnly": False, "secure": True, "sameSite": "Lax"}],
        "origins": [{"origin": "http://localhost:3000", "localStorage": [
            {"name": "theme", "value": "dark"}, {"name": "onboarding_seen", "value": "true"}]}],
    }, indent=2) + "\n", negative=True)

    add("neg/b35/services/billing/tests/conftest.py", "neg-pytest-faker-dummy", '''import os

import pytest
from faker import Faker

fake = Faker()


@pytest.fixture
def user_payload():
    return {"email": fake.email(), "password": fake.password(length=16)}


@pytest.fixture(autouse=True)
def fake_env(monkeypatch):
    monkeypatch.setenv("BILLING_API_KEY", "test-api-key")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_dummy")


@pytest.fixture(scope="session")
def staging_client():
    return BillingClient(base_url=os.environ["STAGING_URL"], api_key=os.environ["STAGING_API_KEY"])
''', negative=True)

    add("neg/b35/web/design-system/.github/workflows/visual.yml", "neg-workflow-secret-refs", """name: Visual tests
on: [pull_request]

jobs:
  visual:
    runs-on: ubuntu-latest
    env:
      PERCY_TOKEN: ${{ secrets.PERCY_TOKEN }}
      CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - run: npx chromatic --project-token=${{ secrets.CHROMATIC_PROJECT_TOKEN }}
      - uses: codecov/codecov-action@v4
        with:
          token: ${{ secrets.CODECOV_TOKEN }}
""", negative=True)

    add("neg/b35/qa/robot/resources/variables.robot", "neg-robot-env-variables", """*** Variables ***
${BASE_URL}           %{BASE_URL=https://shop.example.com}
${ADMIN_USER}         robot.admin
${ADMIN_PASSWORD}     %{ROBOT_ADMIN_PASSWORD}
${REMOTE_URL}         https://%{BROWSERSTACK_USERNAME}:%{BROWSERSTACK_ACCESS_KEY}@hub-cloud.browserstack.com/wd/hub
""", negative=True)
