"""Eleventh batch of the real-world set: credentials in apps that ship to devices and browsers, and
in embedded / IoT projects.

Written blind (committed before any scanner ran on it) from how these files look in the wild:
Android (`buildConfigField` in Groovy and Kotlin DSL, `AndroidManifest.xml` `<meta-data>`,
`keystore.properties`, a committed generated `BuildConfig.java`), iOS (`Info.plist`, Objective-C
`#define` / `NSString *const`, a fastlane `.env` and App Store Connect API key JSON), Flutter
(`firebase_options.dart`, `--dart-define` in a launch config and a build script, the base64
`DART_DEFINES` of `Generated.xcconfig`, a flutter_dotenv asset), React Native / Expo (`app.json`
`extra`, `app.config.js` with a Sentry upload hook, `eas.json` env, react-native-config's
`tmp.xcconfig`), Cordova `config.xml`, Capacitor `buildOptions`, Electron (`electron-builder.yml`,
main-process code), a browser extension service worker, front-end builds (webpack `DefinePlugin`,
Vite `define` and the Sentry plugin, `import.meta.env` fallbacks, `next.config.js` `env`, Nuxt
`runtimeConfig`, Angular `environment.prod.ts`, a minified bundle), games (Unity `.asset` YAML and
C#, Unreal `DefaultEngine.ini`, Godot `export_presets.cfg` / `project.godot`, Steam build scripts),
and embedded / IoT (Arduino `.ino` and `arduino_secrets.h`, an AWS IoT `secrets.h` with a PROGMEM
key, PlatformIO `build_flags`, ESP-IDF `sdkconfig`, MicroPython `boot.py` / `webrepl_cfg.py`,
Zephyr `prj.conf`, a Tasmota decode-config JSON backup, paho-mqtt and MQTT.js clients, Mosquitto
`passwd` and bridge configs, Node-RED `flows_cred.json` unencrypted, OctoPrint `config.yaml`,
Zigbee2MQTT, Moonraker, Frigate and motionEye camera URLs).

Labelling follows the pack: a Google `AIza` key is reported even in a web or mobile config (the
pack reports it, with a note that shipped keys are public by design), so it is labelled. Public
client identifiers the pack does not treat as secrets (Firebase app ids, sender ids, OAuth client
ids, Stripe publishable keys, extension public keys, Unity guids) appear only unlabelled.
Negatives: the same files with `BuildConfig.X`, `@string/` and `${…}` references, empty values,
`REPLACE_ME`, tool defaults, environment and secret-file look-ups.
"""

import base64
import json
import string
import subprocess
import uuid

from shapes import B62, UPPER_ALNUM, without


def build_eleventh(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&{}')

    def pw():
        return q(g.password())

    plain = g.url_password

    def human():
        """Passwords people pick for Wi-Fi, brokers and keystores."""
        words = ["Sunflower", "Garage", "Rainbow", "Kitchen", "Blueberry", "Falcon", "Nordic",
                 "Pixel", "Lantern", "Coconut", "Hamster", "Marble", "Orchard", "Tango", "Zephyr"]
        k = r.randrange(4)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2016, 2026)) + r.choice("!#@?*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("%#!") + str(r.randint(1, 99))
        if k == 2:
            return w.lower() + "-" + r.choice(words).lower() + "-" + str(r.randint(10, 99))
        return r.choice(words) + r.choice(words) + str(r.randint(1, 99)) + "!"

    def uid():
        return str(uuid.UUID(int=r.getrandbits(128), version=4))

    def b64n(n):
        return base64.b64encode(bytes(r.getrandbits(8) for _ in range(n))).decode()

    def google_key():
        return "AIza" + g.chars(B62 + "-_", 35)

    def stripe_live():
        return "sk_live_51" + g.alnum(97)

    def openai():
        return "sk-proj-" + g.b64url(58) + "T3BlbkFJ" + g.b64url(58)

    def gocspx():
        return "GOCSPX-" + g.chars(B62 + "-_", 28)

    def sentry_org_token():
        payload = json.dumps({"iat": 1712000000 + r.randint(0, 10**6), "url": "https://sentry.io",
                              "region_url": "https://us.sentry.io", "org": "northwind"},
                             separators=(",", ":"))
        return "sntrys_" + base64.b64encode(payload.encode()).decode().rstrip("=") + "_" + g.chars(B62 + "+/", 43)

    def jwt_hs256(claims):
        def enc(o):
            return base64.urlsafe_b64encode(json.dumps(o, separators=(",", ":")).encode()).decode().rstrip("=")
        return "%s.%s.%s" % (enc({"alg": "HS256", "typ": "JWT"}), enc(claims), g.b64url(43))

    def telegram():
        return "%d:AA%s" % (r.randint(10**9, 8 * 10**9), g.chars(B62 + "-_", 33))

    def app_specific():
        return "-".join(g.chars(string.ascii_lowercase, 4) for _ in range(4))

    def mapbox_sk():
        body = base64.urlsafe_b64encode(json.dumps({"u": "northwind-maps", "a": "cl" + g.chars(string.ascii_lowercase + string.digits, 23)},
                                                   separators=(",", ":")).encode()).decode().rstrip("=")
        return "sk." + body + "." + g.b64url(22)

    def ec_p8():
        try:
            return subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                                  capture_output=True, check=True).stdout.decode().strip()
        except (OSError, subprocess.CalledProcessError):
            return None

    def rsa_trad():
        try:
            out = subprocess.run(["openssl", "genrsa", "-traditional", "2048"], capture_output=True)
            if out.returncode != 0:
                out = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True)
            return out.stdout.decode().strip() or None
        except OSError:
            return None

    # ================================================================ Android
    s1, a1 = stripe_live(), g.hex(32)
    add("apps/courier/android/app/build.gradle.kts", "android-buildconfigfield-kts", f"""plugins {{
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}}

android {{
    namespace = "com.northwind.courier"
    compileSdk = 34

    defaultConfig {{
        applicationId = "com.northwind.courier"
        minSdk = 24
        targetSdk = 34
        versionCode = 112
        versionName = "2.8.1"
        buildConfigField("String", "API_BASE_URL", "\\"https://api.northwind-apps.com/v2/\\"")
        buildConfigField("String", "PAYMENTS_SECRET_KEY", "\\"{s1}\\"")
        buildConfigField("String", "ALGOLIA_ADMIN_KEY", "\\"{a1}\\"")
    }}

    buildFeatures {{
        buildConfig = true
        compose = true
    }}
}}
""", [s1, a1])

    mk, hs = google_key(), g.b64url(86)
    add("apps/courier/android/app/src/main/AndroidManifest.xml", "android-manifest-meta-data", f"""<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    xmlns:tools="http://schemas.android.com/tools">

    <uses-permission android:name="android.permission.INTERNET" />
    <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION" />

    <application
        android:name=".CourierApp"
        android:icon="@mipmap/ic_launcher"
        android:label="@string/app_name"
        android:theme="@style/Theme.Courier">

        <meta-data
            android:name="com.google.android.geo.API_KEY"
            android:value="{mk}" />
        <meta-data android:name="com.here.sdk.access_key_id" android:value="{g.chars(B62 + "-_", 22)}" />
        <meta-data android:name="com.here.sdk.access_key_secret" android:value="{hs}" />
        <meta-data
            android:name="com.google.firebase.messaging.default_notification_channel_id"
            android:value="deliveries" />

        <activity android:name=".MainActivity" android:exported="true">
            <intent-filter>
                <action android:name="android.intent.action.MAIN" />
                <category android:name="android.intent.category.LAUNCHER" />
            </intent-filter>
        </activity>
    </application>
</manifest>
""", [mk, hs])

    k1, s2 = g.hex(32), g.alnum(50)
    add("apps/fieldnotes/app/build/generated/source/buildConfig/release/org/fabrikam/fieldnotes/BuildConfig.java",
        "android-generated-buildconfig", f"""/**
 * Automatically generated file. DO NOT MODIFY
 */
package org.fabrikam.fieldnotes;

public final class BuildConfig {{
  public static final boolean DEBUG = false;
  public static final String APPLICATION_ID = "org.fabrikam.fieldnotes";
  public static final String BUILD_TYPE = "release";
  public static final int VERSION_CODE = 41;
  public static final String VERSION_NAME = "1.9.0";
  // Field from build type: release
  public static final String OPENWEATHER_KEY = "{k1}";
  // Field from default config.
  public static final String TWITTER_CONSUMER_SECRET = "{s2}";
}}
""", [k1, s2])

    # ================================================================ iOS / macOS
    fb, ow = g.hex(32), g.hex(32)
    add("apps/courier/ios/Courier/Info.plist", "ios-info-plist-keys", f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDevelopmentRegion</key>
	<string>$(DEVELOPMENT_LANGUAGE)</string>
	<key>CFBundleIdentifier</key>
	<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
	<key>FacebookAppID</key>
	<string>{r.randint(10**14, 10**15)}</string>
	<key>FacebookClientToken</key>
	<string>{fb}</string>
	<key>FacebookDisplayName</key>
	<string>Northwind Courier</string>
	<key>OpenWeatherAPIKey</key>
	<string>{ow}</string>
	<key>NSLocationWhenInUseUsageDescription</key>
	<string>Your location is used to route deliveries.</string>
</dict>
</plist>
""", [fb, ow])

    c1, c2, p1 = g.alnum(40), g.alnum(50), pw()
    add("apps/legacy-ios/Classes/APIConstants.m", "objc-define-nsstring-const", f"""//
//  APIConstants.m
//  Fieldbook
//

#import "APIConstants.h"

#define kParseApplicationId @"{g.alnum(40)}"
#define kParseMasterKey     @"{c1}"
#define kBaseURL            @"https://api.fabrikam.org/v1"

NSString * const kTwitterConsumerKey = @"{g.alnum(25)}";
NSString * const kTwitterConsumerSecret = @"{c2}";
static NSString *const kStagingAdminPassword = @"{p1}";
""", [c1, c2, p1])

    p1, asp = human(), app_specific()
    add("apps/courier/ios/fastlane/.env.default", "fastlane-env", f"""FASTLANE_USER=release@northwind-apps.com
FASTLANE_PASSWORD={p1}
FASTLANE_APPLE_APPLICATION_SPECIFIC_PASSWORD={asp}
MATCH_GIT_URL=git@github.com:northwind/certificates.git
FASTLANE_TEAM_ID={g.chars(UPPER_ALNUM, 10)}
""", [p1, asp])

    key = ec_p8()
    if key:
        add("apps/courier/ios/fastlane/asc_api_key.json", "fastlane-asc-api-key-json", json.dumps({
            "key_id": g.chars(UPPER_ALNUM, 10), "issuer_id": uid(), "key": key + "\n",
            "duration": 1200, "in_house": False}, indent=2) + "\n", [key.split("\n")[1]])

    # ================================================================ Flutter
    a1, a2 = google_key(), google_key()
    add("apps/shopper/lib/firebase_options.dart", "flutter-firebase-options", f"""// File generated by FlutterFire CLI.
// ignore_for_file: type=lint
import 'package:firebase_core/firebase_core.dart' show FirebaseOptions;
import 'package:flutter/foundation.dart' show defaultTargetPlatform, kIsWeb, TargetPlatform;

class DefaultFirebaseOptions {{
  static FirebaseOptions get currentPlatform {{
    if (kIsWeb) {{
      throw UnsupportedError('DefaultFirebaseOptions have not been configured for web.');
    }}
    switch (defaultTargetPlatform) {{
      case TargetPlatform.android:
        return android;
      case TargetPlatform.iOS:
        return ios;
      default:
        throw UnsupportedError('DefaultFirebaseOptions are not supported for this platform.');
    }}
  }}

  static const FirebaseOptions android = FirebaseOptions(
    apiKey: '{a1}',
    appId: '1:{r.randint(10**11, 10**12)}:android:{g.hex(22)}',
    messagingSenderId: '{r.randint(10**11, 10**12)}',
    projectId: 'fabrikam-shopper',
    storageBucket: 'fabrikam-shopper.appspot.com',
  );

  static const FirebaseOptions ios = FirebaseOptions(
    apiKey: '{a2}',
    appId: '1:{r.randint(10**11, 10**12)}:ios:{g.hex(22)}',
    messagingSenderId: '{r.randint(10**11, 10**12)}',
    projectId: 'fabrikam-shopper',
    iosBundleId: 'org.fabrikam.shopper',
  );
}}
""", [a1, a2])

    o1, t2 = openai(), g.hex(32)
    add("apps/shopper/scripts/build_release.sh", "flutter-dart-define-script", f"""#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."

flutter clean
flutter pub get
flutter build appbundle --release --flavor prod \\
  --dart-define=API_BASE=https://api.fabrikam.org \\
  --dart-define=OPENAI_KEY={o1} \\
  --dart-define=TWILIO_AUTH_TOKEN={t2} \\
  --obfuscate --split-debug-info=build/symbols
""", [o1, t2])

    ds, dk = g.alnum(40), google_key()
    d1 = base64.b64encode(("SHOPPER_API_SECRET=" + ds).encode()).decode()
    d2 = base64.b64encode(("MAPS_KEY=" + dk).encode()).decode()
    d0 = base64.b64encode(b"FLAVOR=prod").decode()
    add("apps/shopper/ios/Flutter/Generated.xcconfig", "flutter-generated-xcconfig-dart-defines", f"""// This is a generated file; do not edit or check into version control.
FLUTTER_ROOT=/Users/ana/development/flutter
FLUTTER_APPLICATION_PATH=/Users/ana/src/shopper
COCOAPODS_PARALLEL_CODE_SIGN=true
FLUTTER_TARGET=lib/main.dart
FLUTTER_BUILD_DIR=build
FLUTTER_BUILD_NAME=3.2.0
FLUTTER_BUILD_NUMBER=57
EXCLUDED_ARCHS[sdk=iphonesimulator*]=i386
DART_DEFINES={d0},{d1},{d2}
DART_OBFUSCATION=false
TRACK_WIDGET_CREATION=true
TREE_SHAKE_ICONS=false
PACKAGE_CONFIG=.dart_tool/package_config.json
""", [d1, d2])

    # ================================================================ React Native / Expo
    gm, bs = google_key(), g.alnum(40)
    add("apps/tracker/app.json", "expo-app-json-extra", json.dumps({"expo": {
        "name": "Tracker", "slug": "tracker", "version": "1.4.2", "orientation": "portrait",
        "ios": {"bundleIdentifier": "de.acmecorp.tracker", "config": {"googleMapsApiKey": gm}},
        "android": {"package": "de.acmecorp.tracker", "config": {"googleMaps": {"apiKey": gm}}},
        "extra": {"backendApiSecret": bs, "eas": {"projectId": uid()}},
        "plugins": ["expo-location"]}}, indent=2) + "\n", [gm, bs])

    st, mk = g.hex(64), google_key()
    add("apps/tracker/app.config.js", "expo-app-config-js", f"""import 'dotenv/config';

export default ({{ config }}) => ({{
  ...config,
  extra: {{
    apiUrl: process.env.API_URL ?? 'https://api.acmecorp.de',
    mapsKey: process.env.MAPS_KEY ?? '{mk}',
  }},
  hooks: {{
    postPublish: [
      {{
        file: 'sentry-expo/upload-sourcemaps',
        config: {{
          organization: 'acmecorp',
          project: 'tracker',
          authToken: '{st}',
        }},
      }},
    ],
  }},
}});
""", [st, mk])

    so, ak = sentry_org_token(), pw()
    add("apps/tracker/eas.json", "expo-eas-json-env", json.dumps({
        "cli": {"version": ">= 7.0.0"},
        "build": {
            "development": {"developmentClient": True, "distribution": "internal"},
            "production": {"env": {"SENTRY_AUTH_TOKEN": so, "API_URL": "https://api.acmecorp.de",
                                   "ADMIN_PANEL_PASSWORD": ak}}},
        "submit": {"production": {"ios": {"appleId": "mobile@acmecorp.de", "ascAppId": str(r.randint(10**9, 10**10))}}}},
        indent=2) + "\n", [so, ak])

    # ================================================================ Cordova / Capacitor
    mk, mb = google_key(), mapbox_sk()
    add("apps/inspect/config.xml", "cordova-config-xml", f"""<?xml version='1.0' encoding='utf-8'?>
<widget id="net.contoso.inspect" version="3.1.0" xmlns="http://www.w3.org/ns/widgets" xmlns:cdv="http://cordova.apache.org/ns/1.0">
    <name>Inspect</name>
    <content src="index.html" />
    <access origin="*" />
    <preference name="GOOGLE_MAPS_ANDROID_API_KEY" value="{mk}" />
    <preference name="DisallowOverscroll" value="true" />
    <plugin name="cordova-plugin-mapbox" spec="^1.2.0">
        <variable name="MAPBOX_DOWNLOADS_TOKEN" value="{mb}" />
    </plugin>
    <platform name="android">
        <allow-intent href="market:*" />
    </platform>
</widget>
""", [mk, mb])

    p1, p2 = human(), pw()
    add("apps/inspect-next/capacitor.config.ts", "capacitor-build-options", f"""import type {{ CapacitorConfig }} from '@capacitor/cli';

const config: CapacitorConfig = {{
  appId: 'net.contoso.inspect',
  appName: 'Inspect',
  webDir: 'dist',
  android: {{
    buildOptions: {{
      keystorePath: 'release.keystore',
      keystorePassword: '{p1}',
      keystoreAlias: 'inspect',
      keystoreAliasPassword: '{p2}',
      releaseType: 'AAB',
    }},
  }},
  plugins: {{
    SplashScreen: {{ launchShowDuration: 0 }},
  }},
}};

export default config;
""", [p1, p2])

    # ================================================================ Electron
    gt, cp = g.gh_token(), pw()
    add("apps/desktop/electron-builder.yml", "electron-builder-publish-token", f"""appId: com.northwind.desktop
productName: Northwind Desktop
directories:
  output: release
files:
  - dist/**/*
mac:
  category: public.app-category.productivity
  hardenedRuntime: true
win:
  target: nsis
  certificateFile: build/certs/codesign.pfx
  certificatePassword: "{cp}"
publish:
  - provider: github
    owner: northwind
    repo: desktop-releases
    private: true
    token: {gt}
""", [cp, gt])

    gt, ek = g.gh_token(), g.alnum(32)
    add("apps/desktop/src/main/index.js", "electron-main-process", f"""const {{ app, BrowserWindow, ipcMain }} = require('electron');
const {{ autoUpdater }} = require('electron-updater');
const Store = require('electron-store');
const path = require('path');

const store = new Store({{ name: 'settings', encryptionKey: '{ek}' }});

autoUpdater.setFeedURL({{
  provider: 'github',
  owner: 'northwind',
  repo: 'desktop-releases',
  private: true,
  token: '{gt}',
}});

function createWindow() {{
  const win = new BrowserWindow({{
    width: 1280,
    height: 800,
    webPreferences: {{ preload: path.join(__dirname, 'preload.js') }},
  }});
  win.loadFile('dist/index.html');
}}

app.whenReady().then(() => {{
  createWindow();
  autoUpdater.checkForUpdatesAndNotify();
}});
""", [ek, gt])

    # ================================================================ browser extension
    cs, k1 = gocspx(), g.hex(32)
    add("extensions/tab-notes/src/background/service-worker.js", "extension-service-worker", f"""const CLIENT_ID = '{r.randint(10**11, 10**12)}-{g.chars(string.ascii_lowercase + string.digits, 32)}.apps.googleusercontent.com';
const CLIENT_SECRET = '{cs}';
const NOTES_API_KEY = '{k1}';

async function exchangeCode(code, redirectUri) {{
  const body = new URLSearchParams({{
    code,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uri: redirectUri,
    grant_type: 'authorization_code',
  }});
  const res = await fetch('https://oauth2.googleapis.com/token', {{ method: 'POST', body }});
  return res.json();
}}

chrome.runtime.onInstalled.addListener(() => {{
  chrome.storage.local.set({{ syncEnabled: true }});
}});
""", [cs, k1])

    # ================================================================ front-end builds
    p1, a1 = pw(), g.hex(32)
    add("web/storefront/webpack.config.js", "webpack-defineplugin", f"""const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = {{
  mode: 'production',
  entry: './src/index.tsx',
  output: {{ path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash].js' }},
  plugins: [
    new HtmlWebpackPlugin({{ template: './public/index.html' }}),
    new webpack.DefinePlugin({{
      'process.env.NODE_ENV': JSON.stringify('production'),
      'process.env.API_URL': JSON.stringify('https://api.northwind-apps.com'),
      'process.env.ALGOLIA_ADMIN_KEY': JSON.stringify('{a1}'),
      __STAGING_BASIC_AUTH__: '"storefront:{p1}"',
    }}),
  ],
}};
""", [a1, p1])

    so, ws = sentry_org_token(), g.alnum(32)
    add("web/dashboard/vite.config.ts", "vite-define-sentry-plugin", f"""import {{ defineConfig }} from 'vite';
import react from '@vitejs/plugin-react';
import {{ sentryVitePlugin }} from '@sentry/vite-plugin';

export default defineConfig({{
  plugins: [
    react(),
    sentryVitePlugin({{
      org: 'northwind',
      project: 'dashboard',
      authToken: '{so}',
    }}),
  ],
  define: {{
    __APP_VERSION__: JSON.stringify(process.env.npm_package_version),
    'import.meta.env.VITE_WS_SECRET': JSON.stringify('{ws}'),
  }},
  build: {{ sourcemap: true }},
}});
""", [so, ws])

    k1, t1 = g.hex(32), g.alnum(48)
    add("web/dashboard/src/lib/config.ts", "import-meta-env-fallback", f"""export const config = {{
  apiUrl: import.meta.env.VITE_API_URL || 'https://api.northwind-apps.com',
  weatherKey: import.meta.env.VITE_OPENWEATHER_KEY || '{k1}',
  adminToken: import.meta.env.VITE_ADMIN_TOKEN ?? '{t1}',
  debug: import.meta.env.DEV,
}};
""", [k1, t1])

    sk, jw = stripe_live(), g.b64(48)
    add("web/shop-next/next.config.js", "nextjs-config-env", f"""/** @type {{import('next').NextConfig}} */
const nextConfig = {{
  reactStrictMode: true,
  images: {{ domains: ['cdn.fabrikam.org'] }},
  env: {{
    STRIPE_SECRET_KEY: '{sk}',
    JWT_SIGNING_SECRET: '{jw}',
    NEXT_PUBLIC_SITE_URL: 'https://shop.fabrikam.org',
  }},
}};

module.exports = nextConfig;
""", [sk, jw])

    fk, ps = google_key(), g.hex(20)
    add("web/admin-ng/src/environments/environment.prod.ts", "angular-environment-prod", f"""export const environment = {{
  production: true,
  apiUrl: 'https://admin-api.acmecorp.de',
  firebase: {{
    apiKey: '{fk}',
    authDomain: 'acme-admin.firebaseapp.com',
    projectId: 'acme-admin',
    appId: '1:{r.randint(10**11, 10**12)}:web:{g.hex(22)}',
  }},
  pusher: {{
    appId: '{r.randint(10**6, 10**7)}',
    key: '{g.hex(20)}',
    secret: '{ps}',
    cluster: 'eu',
  }},
}};
""", [fk, ps])

    fk, ak = google_key(), g.hex(32)
    add("web/storefront/build/static/js/main.4c1f9e2a.js", "minified-bundle-firebase-and-secret",
        '"use strict";(self.webpackChunkstorefront=self.webpackChunkstorefront||[]).push([[792],{3311:function(e,t,n){n.d(t,{db:function(){return c},auth:function(){return s}});'
        'var r=n(5816),o=n(3292),a=n(8463),i=(0,r.ZF)({apiKey:"' + fk + '",authDomain:"northwind-store.firebaseapp.com",projectId:"northwind-store",'
        'storageBucket:"northwind-store.appspot.com",messagingSenderId:"' + str(r.randint(10**11, 10**12)) + '",appId:"1:' + str(r.randint(10**11, 10**12)) + ':web:' + g.hex(22) + '"}),'
        's=(0,o.v0)(i),c=(0,a.ad)(i);var l={appId:"' + g.chars(UPPER_ALNUM, 10) + '",adminKey:"' + ak + '",index:"products"}}}]);\n'
        "//# sourceMappingURL=main.4c1f9e2a.js.map\n", [fk, ak])

    # ================================================================ games
    dk = g.chars(UPPER_ALNUM, 50)
    add("games/skyhop/Assets/Resources/PlayFabSharedSettings.asset", "unity-asset-playfab", f"""%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!114 &11400000
MonoBehaviour:
  m_ObjectHideFlags: 0
  m_CorrespondingSourceObject: {{fileID: 0}}
  m_PrefabInstance: {{fileID: 0}}
  m_PrefabAsset: {{fileID: 0}}
  m_GameObject: {{fileID: 0}}
  m_Enabled: 1
  m_EditorHideFlags: 0
  m_Script: {{fileID: 11500000, guid: {g.hex(32)}, type: 3}}
  m_Name: PlayFabSharedSettings
  m_EditorClassIdentifier: 
  TitleId: {g.chars(UPPER_ALNUM, 5)}
  DeveloperSecretKey: {dk}
  ProductionEnvironmentUrl: 
  RequestType: 0
  RequestTimeout: 2000
  RequestKeepAlive: 1
""", [dk])
    sk, tk = human() + r.choice("xyz"), g.alnum(40)
    add("games/skyhop/Assets/Scripts/Net/HighScores.cs", "unity-csharp-playerprefs", f"""using System.Collections;
using UnityEngine;
using UnityEngine.Networking;

public class HighScores : MonoBehaviour
{{
    private const string secretKey = "{sk}";
    private const string addScoreUrl = "https://game-api.contoso-hosting.net/addscore.php?";

    void Start()
    {{
        if (!PlayerPrefs.HasKey("api_token"))
            PlayerPrefs.SetString("api_token", "{tk}");
    }}

    public IEnumerator PostScore(string name, int score)
    {{
        string hash = Md5Sum(name + score + secretKey);
        string url = addScoreUrl + "name=" + UnityWebRequest.EscapeURL(name) + "&score=" + score + "&hash=" + hash;
        using (var www = UnityWebRequest.Get(url)) {{ yield return www.SendWebRequest(); }}
    }}

    public string Md5Sum(string s) {{ return s; }}
}}
""", [sk, tk])

    kp, cs, ek = human(), g.chars(B62 + "+/", 43), g.hex(64)
    add("games/ridge/Config/DefaultEngine.ini", "unreal-default-engine-ini", f"""[/Script/EngineSettings.GameMapsSettings]
GameDefaultMap=/Game/Maps/MainMenu.MainMenu
EditorStartupMap=/Game/Maps/MainMenu.MainMenu

[/Script/AndroidRuntimeSettings.AndroidRuntimeSettings]
PackageName=de.acmecorp.ridge
StoreVersion=14
KeyStore=ridge-release.keystore
KeyAlias=ridge
KeyStorePassword={kp}
KeyPassword=

[OnlineSubsystem]
DefaultPlatformService=EOS

[OnlineSubsystemSteam]
bEnabled=true
SteamDevAppId=480

[/Script/OnlineSubsystemEOS.EOSSettings]
DefaultArtifactName=RidgeLive
+Artifacts=(ArtifactName="RidgeLive",ClientId="xyza7891{g.chars(B62, 24)}",ClientSecret="{cs}",ProductId="{g.hex(32)}",SandboxId="{g.hex(32)}",DeploymentId="{g.hex(32)}",EncryptionKey="{ek}")
bUseEAS=True
""", [kp, cs])

    p1, sek = human(), g.hex(64)
    add("games/lumen/export_presets.cfg", "godot-export-presets", f"""[preset.0]

name="Android"
platform="Android"
runnable=true
export_filter="all_resources"
export_path="build/lumen.aab"

[preset.0.options]

gradle_build/use_gradle_build=true
gradle_build/export_format=1
keystore/debug=""
keystore/debug_user=""
keystore/debug_password=""
keystore/release="/home/lena/keys/lumen-release.keystore"
keystore/release_user="lumen"
keystore/release_password="{p1}"
package/unique_name="org.fabrikam.lumen"
package/name="Lumen"

[preset.1]

name="Web"
platform="Web"
export_path="build/web/index.html"

[preset.1.options]

html/export_icon=true
progressive_web_app/enabled=false
script_encryption_key="{sek}"
""", [p1, sek])
    wk, sp = g.chars("0123456789ABCDEF", 32), human()
    add("games/skyhop/tools/steam/upload_build.sh", "steam-build-script", f"""#!/bin/bash
# steam_appid.txt next to the executable holds 2384110
set -e
STEAM_WEB_API_KEY={wk}
CONTENT=../../Builds/StandaloneWindows64

steamcmd +login skyhop_builder "{sp}" +run_app_build "$(pwd)/app_build_2384110.vdf" +quit

curl -s "https://partner.steam-api.com/ISteamApps/SetAppBuildLive/v2/" \\
  -d key=$STEAM_WEB_API_KEY -d appid=2384110 -d buildid=$1 -d betakey=public
""", [wk, sp])

    # ================================================================ embedded / IoT
    wp, mp = human(), pw()
    add("firmware/greenhouse/greenhouse.ino", "arduino-ino-const-char", f"""#include <ESP8266WiFi.h>
#include <PubSubClient.h>
#include <DHT.h>

const char* ssid = "Greenhouse-2G";
const char* password = "{wp}";

const char* mqtt_server = "mqtt.acmecorp.de";
const char* mqtt_user = "greenhouse";
const char* mqtt_password = "{mp}";

WiFiClient espClient;
PubSubClient client(espClient);
DHT dht(D4, DHT22);

void setup_wifi() {{
  WiFi.begin(ssid, password);
  while (WiFi.status() != WL_CONNECTED) {{
    delay(500);
    Serial.print(".");
  }}
}}

void reconnect() {{
  while (!client.connected()) {{
    if (client.connect("greenhouse-1", mqtt_user, mqtt_password)) {{
      client.subscribe("greenhouse/cmd");
    }} else {{
      delay(5000);
    }}
  }}
}}
""", [wp, mp])

    key, wp = rsa_trad(), human()
    if key:
        lines = key.split("\n")
        add("firmware/aws-plug/include/secrets.h", "aws-iot-secrets-h-progmem", f"""#include <pgmspace.h>

#define SECRET
#define THINGNAME "smart-plug-07"

const char WIFI_SSID[] = "Werkstatt";
const char WIFI_PASSWORD[] = "{wp}";
const char AWS_IOT_ENDPOINT[] = "a{g.chars(string.ascii_lowercase + string.digits, 13)}-ats.iot.eu-central-1.amazonaws.com";

// Device Private Key
static const char AWS_CERT_PRIVATE[] PROGMEM = R"KEY(
{key}
)KEY";
""", [wp], blocks=[(lines[0], lines[-1])])

    wp, mp, op = human(), pw(), plain()
    add("firmware/led-strip/platformio.ini", "platformio-build-flags", f"""[platformio]
default_envs = esp32dev

[env:esp32dev]
platform = espressif32
board = esp32dev
framework = arduino
monitor_speed = 115200
lib_deps =
    knolleary/PubSubClient@^2.8
    fastled/FastLED@^3.6.0
build_flags =
    -D WIFI_SSID=\\"Werkstatt\\"
    -D WIFI_PASS=\\"{wp}\\"
    -DMQTT_PASSWORD='"{mp}"'
    -DLED_COUNT=144

[env:esp32dev_ota]
extends = env:esp32dev
upload_protocol = espota
upload_port = 192.168.178.61
upload_flags =
    --auth={op}
""", [wp, mp, op])

    wp, bp = human(), pw()
    add("firmware/idf-sensor/sdkconfig", "esp-idf-sdkconfig", f"""#
# Automatically generated file. DO NOT EDIT.
# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration
#
CONFIG_SOC_ADC_SUPPORTED=y
CONFIG_IDF_TARGET="esp32c3"
#
# Example Configuration
#
CONFIG_ESP_WIFI_SSID="Buero-IoT"
CONFIG_ESP_WIFI_PASSWORD="{wp}"
CONFIG_ESP_MAXIMUM_RETRY=5
CONFIG_BROKER_URL="mqtts://mqtt.acmecorp.de:8883"
CONFIG_BROKER_USERNAME="sensor-c3"
CONFIG_BROKER_PASSWORD="{bp}"
# end of Example Configuration
CONFIG_ESPTOOLPY_FLASHSIZE_4MB=y
""", [wp, bp])

    wp = human()
    add("firmware/mpy-weather/boot.py", "micropython-boot-connect", f"""# This file is executed on every boot (including wake-boot from deepsleep)
import network
import time
import webrepl

sta = network.WLAN(network.STA_IF)
sta.active(True)
sta.connect('Schrebergarten', '{wp}')
for _ in range(20):
    if sta.isconnected():
        break
    time.sleep(0.5)
webrepl.start()
""", [wp])
    rp = g.alnum(8)
    add("firmware/mpy-weather/webrepl_cfg.py", "micropython-webrepl-cfg", f"""PASS = '{rp}'
""", [rp])
    wp, mp = human(), pw()
    add("firmware/zephyr-node/prj.conf", "zephyr-prj-conf", f"""CONFIG_NETWORKING=y
CONFIG_NET_IPV4=y
CONFIG_WIFI=y
CONFIG_WIFI_CREDENTIALS=y
CONFIG_WIFI_CREDENTIALS_STATIC=y
CONFIG_WIFI_CREDENTIALS_STATIC_SSID="lab-wlan"
CONFIG_WIFI_CREDENTIALS_STATIC_PASSWORD="{wp}"
CONFIG_MQTT_LIB=y
CONFIG_MQTT_SAMPLE_BROKER_HOSTNAME="mqtt.fabrikam.org"
CONFIG_MQTT_SAMPLE_BROKER_PASSWORD="{mp}"
CONFIG_LOG=y
""", [wp, mp])

    w1, w2, mq, web = human(), human(), pw(), human()
    add("backups/tasmota/Config_kitchen-plug_13.3.0.json", "tasmota-decode-config-json", json.dumps({
        "header": {"format": {"jsonindent": 2, "jsoncompact": False, "jsonsort": True},
                   "template": {"version": "13.3.0.0", "crc32": "0x" + g.hex(8)}},
        "friendlyname": ["Kitchen Plug", "", "", ""],
        "hostname": "kitchen-plug-%04d",
        "mqtt_client": "DVES_%06X",
        "mqtt_host": "192.168.178.10",
        "mqtt_port": 1883,
        "mqtt_pwd": mq,
        "mqtt_user": "tasmota",
        "sta_active": 0,
        "sta_pwd": [w1, w2],
        "sta_ssid": ["FRITZ!Box 7590 XY", "Gast"],
        "web_password": web}, indent=2, sort_keys=True) + "\n", [mq, w1, w2, web])

    p1 = pw()
    add("scripts/iot/sensor_publisher.py", "paho-mqtt-username-pw-set", f"""import json
import ssl
import time

import paho.mqtt.client as mqtt

client = mqtt.Client(client_id="cellar-sensor")
client.username_pw_set("cellar", "{p1}")
client.tls_set(cert_reqs=ssl.CERT_REQUIRED)
client.connect("mqtt.fabrikam.org", 8883, keepalive=60)

while True:
    client.publish("cellar/climate", json.dumps({{"t": 12.4, "h": 81}}))
    time.sleep(30)
""", [p1])

    h1 = "$7$101$" + b64n(12) + "$" + b64n(64)
    h2 = "$7$101$" + b64n(12) + "$" + b64n(64)
    add("docker/mosquitto/config/passwd", "mosquitto-passwd-pbkdf2", f"""homeassistant:{h1}
zigbee2mqtt:{h2}
""", [h1, h2])

    rp, psk = pw(), g.hex(32)
    add("docker/mosquitto/config/conf.d/bridge.conf", "mosquitto-bridge-conf", f"""connection cloud-bridge
address mqtt.contoso-hosting.net:8883
topic sensors/# out 1 home/ cloud/home-12/
remote_clientid home-12-bridge
remote_username home-12
remote_password {rp}
bridge_cafile /mosquitto/config/ca.crt

connection backup-bridge
address 10.8.0.1:8884
bridge_identity home-12
bridge_psk {psk}
topic # out 0
""", [rp, psk])

    u1, t1, p1 = human(), telegram(), pw()
    n1, n2, n3 = g.hex(16), g.hex(16), g.hex(16)
    add("home/pi/.node-red/flows_cred.json", "node-red-flows-cred-plain", json.dumps({
        n1: {"user": "nodered", "password": p1},
        n2: {"token": t1},
        n3: {"password": u1}}, indent=4) + "\n", [p1, t1, u1])

    ak, sk2 = g.chars("0123456789ABCDEF", 32), g.alnum(32)
    add("home/pi/.octoprint/config.yaml", "octoprint-config-yaml", f"""accessControl:
  salt: {g.alnum(32)}
api:
  key: {ak}
appearance:
  name: Prusa MK3S
plugins:
  announcements:
    _config_version: 1
  softwareupdate:
    _config_version: 9
server:
  firstRun: false
  onlineCheck:
    enabled: true
  secretKey: {sk2}
  seenWizards:
    corewizard: 4
serial:
  port: /dev/ttyACM0
  baudrate: 115200
""", [ak, sk2])

    mp = pw()
    nk = ", ".join(str(r.randint(0, 255)) for _ in range(16))
    add("docker/zigbee2mqtt/data/configuration.yaml", "zigbee2mqtt-configuration", f"""homeassistant: true
permit_join: false
frontend:
  port: 8080
mqtt:
  base_topic: zigbee2mqtt
  server: mqtt://192.168.178.10:1883
  user: zigbee2mqtt
  password: {mp}
serial:
  port: /dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0_USB_Dongle_Plus_{g.hex(32)}-if00-port0
advanced:
  pan_id: {r.randint(1000, 65000)}
  ext_pan_id: [{", ".join(str(r.randint(0, 255)) for _ in range(8))}]
  network_key: [{nk}]
  channel: 15
""", [mp, nk])

    tg, tp = telegram(), plain()
    add("home/pi/printer_data/config/moonraker.conf", "moonraker-conf", f"""[server]
host: 0.0.0.0
port: 7125

[authorization]
trusted_clients:
    192.168.178.0/24

[power printer]
type: tasmota
address: 192.168.178.44
password: {tp}
output_id: 1

[notifier print_complete]
url: tgram://{tg}/{r.randint(10**8, 10**9)}
events: complete, error
body: {{event_message}}
""", [tp, tg])

    c1, c2, mp = plain(), plain(), pw()
    add("docker/frigate/config.yml", "frigate-rtsp-config", f"""mqtt:
  host: 192.168.178.10
  user: frigate
  password: {mp}

cameras:
  driveway:
    ffmpeg:
      inputs:
        - path: rtsp://admin:{c1}@192.168.178.71:554/cam/realmonitor?channel=1&subtype=0
          roles:
            - detect
            - record
  backyard:
    ffmpeg:
      inputs:
        - path: rtsp://viewer:{c2}@192.168.178.72:554/Streaming/Channels/101
          roles:
            - record
""", [mp, c1, c2])

    cp = human()
    add("etc/motioneye/camera-2.conf", "motioneye-camera-conf", f"""# @enabled on
# @id 2
# @storage_device custom-path
# @upload_enabled off
camera_name Garden Shed
netcam_url rtsp://192.168.178.73:554/stream1
netcam_userpass admin:{cp}
netcam_keepalive off
width 1920
height 1080
framerate 5
""", [cp])

    # ================================================================ negatives
    add("neg/apps/courier/android/app/build.gradle.kts", "neg-android-buildconfig-refs", """import java.util.Properties

val secrets = Properties().apply {
    val f = rootProject.file("secrets.properties")
    if (f.exists()) load(f.inputStream())
}

android {
    defaultConfig {
        buildConfigField("String", "PAYMENTS_SECRET_KEY", "\\"${secrets.getProperty("PAYMENTS_SECRET_KEY", "")}\\"")
        buildConfigField("String", "ALGOLIA_ADMIN_KEY", "\\"${System.getenv("ALGOLIA_ADMIN_KEY") ?: ""}\\"")
        buildConfigField("String", "SYNC_API_TOKEN", "\\"REPLACE_ME\\"")
        manifestPlaceholders["MAPS_API_KEY"] = secrets.getProperty("MAPS_API_KEY", "")
    }
    signingConfigs {
        create("release") {
            storePassword = System.getenv("KEYSTORE_PASSWORD")
            keyPassword = System.getenv("KEY_PASSWORD")
        }
    }
}

// usage: val client = PaymentsClient(BuildConfig.PAYMENTS_SECRET_KEY)
""", negative=True)
    add("neg/apps/courier/android/app/src/main/AndroidManifest.xml", "neg-android-manifest-refs", """<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <application android:label="@string/app_name">
        <meta-data android:name="com.google.android.geo.API_KEY" android:value="@string/google_maps_key" />
        <meta-data android:name="com.here.sdk.access_key_secret" android:value="${HERE_ACCESS_KEY_SECRET}" />
        <meta-data android:name="com.facebook.sdk.ClientToken" android:value="@string/facebook_client_token" />
        <meta-data android:name="com.google.android.gms.ads.APPLICATION_ID" android:value="ca-app-pub-%s~%s" />
    </application>
</manifest>
""" % (r.randint(10**15, 10**16), r.randint(10**9, 10**10)), negative=True)
    add("neg/apps/shopper/lib/firebase_options.dart", "neg-flutter-firebase-env", """import 'package:firebase_core/firebase_core.dart' show FirebaseOptions;

class DefaultFirebaseOptions {
  static const FirebaseOptions android = FirebaseOptions(
    apiKey: String.fromEnvironment('FIREBASE_ANDROID_API_KEY'),
    appId: '1:%d:android:%s',
    messagingSenderId: '%d',
    projectId: 'fabrikam-shopper',
  );
}

const stripeSecret = String.fromEnvironment('STRIPE_SECRET_KEY', defaultValue: '');
""" % (r.randint(10**11, 10**12), g.hex(22), r.randint(10**11, 10**12)), negative=True)
    add("neg/apps/tracker/app.json", "neg-expo-public-ids", json.dumps({"expo": {
        "name": "Tracker", "slug": "tracker", "owner": "acmecorp",
        "updates": {"url": "https://u.expo.dev/" + uid()},
        "runtimeVersion": {"policy": "appVersion"},
        "ios": {"bundleIdentifier": "de.acmecorp.tracker", "googleServicesFile": "./GoogleService-Info.plist"},
        "android": {"package": "de.acmecorp.tracker", "googleServicesFile": "./google-services.json"},
        "extra": {"stripePublishableKey": "pk_live_51" + g.alnum(97),
                  "googleWebClientId": "%d-%s.apps.googleusercontent.com" % (r.randint(10**11, 10**12), g.chars(string.ascii_lowercase + string.digits, 32)),
                  "backendApiSecret": "", "eas": {"projectId": uid()}}}}, indent=2) + "\n", negative=True)
    add("neg/extensions/tab-notes/manifest.json", "neg-extension-manifest", json.dumps({
        "manifest_version": 3, "name": "Tab Notes", "version": "2.3.0",
        "key": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + g.chars(B62 + "+/", 300) + "IDAQAB",
        "oauth2": {"client_id": "%d-%s.apps.googleusercontent.com" % (r.randint(10**11, 10**12), g.chars(string.ascii_lowercase + string.digits, 32)),
                   "scopes": ["https://www.googleapis.com/auth/drive.file"]},
        "background": {"service_worker": "background/service-worker.js"},
        "permissions": ["storage", "identity"]}, indent=2) + "\n", negative=True)
    add("neg/firmware/greenhouse/greenhouse.ino", "neg-arduino-placeholders", """#include <WiFi.h>
#include "arduino_secrets.h"

const char* ssid = "REPLACE_ME";
const char* password = "REPLACE_ME";
const char* mqtt_password = SECRET_MQTT_PASS;   // from arduino_secrets.h
char pass[] = SECRET_PASS;

void setup() {
  WiFi.begin(ssid, password);
}
""", negative=True)
    add("neg/firmware/led-strip/platformio.ini", "neg-platformio-sysenv", """[env:esp32dev]
platform = espressif32
board = esp32dev
framework = arduino
build_flags =
    -D WIFI_SSID=\\"${sysenv.WIFI_SSID}\\"
    -D WIFI_PASS=\\"${sysenv.WIFI_PASS}\\"
upload_flags =
    --auth=${sysenv.OTA_PASSWORD}
""", negative=True)
    add("neg/firmware/idf-sensor/sdkconfig.defaults", "neg-esp-idf-defaults", """CONFIG_ESP_WIFI_SSID="myssid"
CONFIG_ESP_WIFI_PASSWORD="mypassword"
CONFIG_BROKER_PASSWORD=""
CONFIG_ESP_MAXIMUM_RETRY=5
""", negative=True)
    add("neg/docker/zigbee2mqtt/data/configuration.yaml", "neg-zigbee2mqtt-secret-refs", """mqtt:
  base_topic: zigbee2mqtt
  server: '!secret.yaml server'
  user: '!secret.yaml user'
  password: '!secret.yaml password'
advanced:
  network_key: GENERATE
  pan_id: GENERATE
""", negative=True)
    add("neg/docker/frigate/config.yml", "neg-frigate-env-substitution", """mqtt:
  host: 192.168.178.10
  user: '{FRIGATE_MQTT_USER}'
  password: '{FRIGATE_MQTT_PASSWORD}'
cameras:
  driveway:
    ffmpeg:
      inputs:
        - path: rtsp://{FRIGATE_RTSP_USER}:{FRIGATE_RTSP_PASSWORD}@192.168.178.71:554/cam/realmonitor?channel=1&subtype=0
          roles: [detect]
""", negative=True)
    add("neg/games/skyhop/Assets/Resources/PlayFabSharedSettings.asset", "neg-unity-asset-empty", """%%YAML 1.1
%%TAG !u! tag:unity3d.com,2011:
--- !u!114 &11400000
MonoBehaviour:
  m_Script: {fileID: 11500000, guid: %s, type: 3}
  m_Name: PlayFabSharedSettings
  TitleId: %s
  DeveloperSecretKey: 
  RequestTimeout: 2000
""" % (g.hex(32), g.chars(UPPER_ALNUM, 5)), negative=True)
