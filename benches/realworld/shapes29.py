"""Twenty-ninth batch of the real-world set: release engineering, code signing and app-store
publishing.

Written blind (committed before any scanner ran on it) from the tools' documented syntax and from
how release credentials sit in the files people commit: fastlane (`Fastfile` lanes with `ENV[…] =`
assignments, `app_store_connect_api_key(key_content:)`, `create_keychain`, `Matchfile` git URLs
and basic authorization, `.env` files with `MATCH_PASSWORD` and base64 API keys), App Store
Connect `.p8` keys, `xcrun altool` / `notarytool store-credentials` with app-specific passwords,
`gon` and electron-notarize configs, an Xcode build phase exporting a Sentry token, Codemagic
YAML; Android signing (Flutter `key.properties`, Kotlin DSL `signingConfigs`, React Native and
`RELEASE_*` `gradle.properties`, `jarsigner` / `apksigner` / `keytool` command lines, Cordova
`build.json`, Xamarin/MAUI `.csproj`, a Unity build script); Google Play `json_key_data`; Windows
signing (`signtool` in a batch file, Inno Setup `SignTool=`, `osslsigncode`, AzureSignTool with
a Key Vault client secret, `dotnet nuget sign` + `nuget push`, Microsoft Store `msstore`);
electron-builder's `electron-builder.env` (`CSC_LINK` base64 p12, `CSC_KEY_PASSWORD`); macOS
keychains (`security import -P`); Tauri updater keys (v1 and v2 variable names); Sparkle EdDSA
keys; cosign keys beside their password; Maven `gpg.passphrase`, Gradle `signingInMemoryKey`;
gpg in release scripts; Docker Content Trust passphrases; extension marketplaces (vsce / ovsx,
Chrome Web Store OAuth triple, Firefox AMO `web-ext`, JetBrains `perm:` tokens, WordPress.org
SVN); Expo, App Center / CodePush, Huawei AppGallery, Sentry (`sentry.properties`,
`.sentryclirc`), Firebase App Distribution, Snapcraft, Flathub, Homebrew `brew.env`, goreleaser,
winget and Chocolatey.

Public values sit unlabelled beside the secrets: key ids, issuer ids, team ids, public keys,
CodePush deployment keys (shipped in every app build by design), AMO JWT issuers, Chrome client
ids, phone numbers for 2FA. Negatives: the same files with `${{ secrets.X }}`, `ENV[…]`,
`System.getenv`, MSBuild `env:` prefixes, templates with `<…>` placeholders, the documented
default keystore passwords (`android` for the debug keystore, `changeit` for the JDK cacerts:
public by documentation, so treated as negatives), an encrypted cosign key with no password,
public keys, signatures (minisign `.sig`, Sparkle `edSignature`), checksums and release docs.
"""

import base64
import json
import string
import subprocess

from shapes import B62

LOWER = string.ascii_lowercase


def build_twentyninth(g, add):
    r = g.r

    def pw():
        """A password that survives shell, XML and YAML quoting."""
        return "".join(c for c in g.password() if c not in '\'"\\`$<>&#%; ,!')

    def asp():
        """Apple app-specific password: four groups of four lowercase letters."""
        return "-".join(g.chars(LOWER, 4) for _ in range(4))

    def team():
        return g.chars(string.ascii_uppercase + string.digits, 10)

    def sntrys(org):
        payload = json.dumps({"iat": 1700000000 + r.randint(0, 30000000), "url": "https://sentry.io",
                              "region_url": "https://us.sentry.io", "org": org}, separators=(",", ":"))
        return "sntrys_" + base64.b64encode(payload.encode()).decode().rstrip("=") + "_" + g.chars(B62 + "+/", 43)

    def sntryu():
        return "sntryu_" + g.hex(64)

    def gocspx():
        return "GOCSPX-" + g.chars(B62 + "-_", 28)

    def refresh():
        return "1//0" + g.chars("cdefg", 1) + g.chars(B62 + "-_", 98)

    def client_id():
        return "%d-%s.apps.googleusercontent.com" % (r.randint(10**11, 10**12 - 1), g.chars(LOWER + string.digits, 32))

    def azure_secret():
        return g.chars(B62, 3) + g.chars(string.digits, 1) + "Q~" + g.chars(B62 + "_~.-", 34)

    def ado_pat_old():
        return g.chars(LOWER + "234567", 52)

    def ado_pat_new():
        return g.alnum(52) + "JQQJ99" + g.chars("ABCDEF" + string.digits, 1) + g.alnum(17) + "AZDO" + g.alnum(4)

    def b64_nopad(raw):
        return base64.b64encode(raw).decode().rstrip("=")

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def rand_bytes(n):
        return bytes(r.getrandbits(8) for _ in range(n))

    def wrap(body, width=64):
        return "\n".join(body[i:i + width] for i in range(0, len(body), width))

    def openssl(*args):
        try:
            out = subprocess.run(["openssl", *args], capture_output=True, check=True)
            return out.stdout.decode().strip() or None
        except (OSError, subprocess.CalledProcessError):
            return None

    def ec_p8():
        return openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")

    def rsa_p8():
        return openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")

    def minisign_secret_file():
        """A Tauri updater key as `tauri signer generate` prints it: base64 of the rsign file."""
        inner = base64.b64encode(b"EdScB2" + rand_bytes(152)).decode()
        text = "untrusted comment: rsign encrypted secret key\n" + inner + "\n"
        return base64.b64encode(text.encode()).decode()

    def pgp_body():
        """An armored PGP secret key's base64 body (the packet starts 0x95 for a secret key)."""
        return base64.b64encode(b"\x95\x07\x46\x04" + rand_bytes(1800)).decode()

    def jwt(claims):
        head = b64url_nopad(b'{"alg":"HS256","typ":"JWT"}')
        return "%s.%s.%s" % (head, b64url_nopad(json.dumps(claims, separators=(",", ":")).encode()), g.b64url(43))

    # ================================================================ fastlane (iOS)
    key = ec_p8()
    fp, mp = pw(), pw()
    if key:
        kc = key.replace("\n", "\\n")
        add("apps/shelf/ios/fastlane/Fastfile", "fastlane-fastfile-env-and-key-content", f"""default_platform(:ios)

ENV["FASTLANE_USER"] = "mobile-release@northwind-apps.com"
ENV["FASTLANE_PASSWORD"] = "{fp}"
ENV["MATCH_PASSWORD"] = "{mp}"
ENV["FASTLANE_XCODEBUILD_SETTINGS_TIMEOUT"] = "120"

platform :ios do
  before_all do
    setup_ci if ENV["CI"]
  end

  desc "Push a new beta build to TestFlight"
  lane :beta do
    api_key = app_store_connect_api_key(
      key_id: "{team()}",
      issuer_id: "{g.uuid4()}",
      key_content: "{kc}",
      duration: 1200,
      in_house: false
    )
    match(type: "appstore", readonly: true, api_key: api_key)
    increment_build_number(xcodeproj: "Shelf.xcodeproj")
    build_app(scheme: "Shelf", export_method: "app-store")
    upload_to_testflight(api_key: api_key, skip_waiting_for_build_processing: true)
  end
end
""", [fp, mp, kc[:60]])

    gt = g.gh_token()
    basic = base64.b64encode(("northwind-bot:" + gt).encode()).decode()
    add("apps/shelf/ios/fastlane/Matchfile", "fastlane-matchfile-git-auth", f"""git_url("https://github.com/northwind/ios-certificates.git")
git_basic_authorization("{basic}")

storage_mode("git")
type("development")

app_identifier(["com.northwind.shelf", "com.northwind.shelf.widget"])
username("mobile-release@northwind-apps.com")
team_id("{team()}")
""", [basic])

    key = ec_p8()
    mp2, kcp = pw(), pw()
    if key:
        kb = base64.b64encode((key + "\n").encode()).decode()
        add("apps/tally/fastlane/.env.release", "fastlane-env-match-and-asc-base64", f"""# fastlane --env release
MATCH_GIT_URL=git@github.com:fabrikam/match-certs.git
MATCH_PASSWORD={mp2}
MATCH_KEYCHAIN_NAME=ci-signing
MATCH_KEYCHAIN_PASSWORD={kcp}
SPACESHIP_2FA_SMS_DEFAULT_PHONE_NUMBER="+1 415 555 0134"
APP_STORE_CONNECT_API_KEY_KEY_ID={team()}
APP_STORE_CONNECT_API_KEY_ISSUER_ID={g.uuid4()}
APP_STORE_CONNECT_API_KEY_KEY={kb}
APP_STORE_CONNECT_API_KEY_IS_KEY_CONTENT_BASE64=true
""", [mp2, kcp, kb])

    key = ec_p8()
    if key:
        kid = team()
        add(f"apps/tally/private_keys/AuthKey_{kid}.p8", "asc-authkey-p8-file", key + "\n",
            blocks=[("-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----")])

    kp = pw()
    add("apps/desk/fastlane/Fastfile", "fastlane-create-keychain-password", f"""default_platform(:mac)

platform :mac do
  lane :release do
    create_keychain(
      name: "release.keychain",
      password: "{kp}",
      default_keychain: true,
      unlock: true,
      timeout: 3600,
      lock_when_sleeps: false
    )
    match(type: "developer_id", keychain_name: "release.keychain", keychain_password: "{kp}", readonly: true)
    build_mac_app(scheme: "Desk", export_method: "developer-id")
    notarize(package: "build/Desk.app", bundle_id: "org.fabrikam.desk")
  end
end
""", [kp])

    # ================================================================ notarization
    a1, a2 = asp(), asp()
    add("apps/desk/scripts/notarize.sh", "xcrun-notarytool-altool-password", f"""#!/bin/zsh
# Notarize the DMG and upload the iOS build. Run from the repo root after `make dist`.
set -e

xcrun notarytool store-credentials "desk-notary" \\
    --apple-id "builds@fabrikam.org" \\
    --team-id "{team()}" \\
    --password "{a1}"

xcrun notarytool submit build/Desk.dmg --keychain-profile "desk-notary" --wait
xcrun stapler staple build/Desk.dmg

xcrun altool --upload-app -f build/ios/Desk.ipa -t ios -u builds@fabrikam.org -p {a2}
""", [a1, a2])

    a1 = asp()
    add("apps/desk/gon.hcl", "gon-notarize-config", f"""source = ["./dist/desk_darwin_amd64/desk"]
bundle_id = "org.fabrikam.desk.cli"

apple_id {{
  username = "builds@fabrikam.org"
  password = "{a1}"
  provider = "{team()}"
}}

sign {{
  application_identity = "Developer ID Application: Fabrikam Ltd"
}}

zip {{
  output_path = "./dist/desk.zip"
}}
""", [a1])

    a1 = asp()
    add("apps/clipper/build/notarize.js", "electron-notarize-afterSign", f"""const {{ notarize }} = require('@electron/notarize');

exports.default = async function notarizing(context) {{
  const {{ electronPlatformName, appOutDir }} = context;
  if (electronPlatformName !== 'darwin') return;

  const appName = context.packager.appInfo.productFilename;
  return await notarize({{
    tool: 'notarytool',
    appPath: `${{appOutDir}}/${{appName}}.app`,
    appleId: 'desktop@contoso-hosting.net',
    appleIdPassword: '{a1}',
    teamId: '{team()}',
  }});
}};
""", [a1])

    tok = sntryu()
    add("apps/shelf/ios/Shelf.xcodeproj/project.pbxproj", "xcode-pbxproj-sentry-run-script", f"""// !$*UTF8*$!
{{
	archiveVersion = 1;
	objectVersion = 56;
	objects = {{

/* Begin PBXShellScriptBuildPhase section */
		8F3A1C2B2B10E4D100A1B2C3 /* Upload Debug Symbols to Sentry */ = {{
			isa = PBXShellScriptBuildPhase;
			buildActionMask = 2147483647;
			files = (
			);
			inputPaths = (
				"${{DWARF_DSYM_FOLDER_PATH}}/${{DWARF_DSYM_FILE_NAME}}/Contents/Resources/DWARF/${{TARGET_NAME}}",
			);
			name = "Upload Debug Symbols to Sentry";
			runOnlyForDeploymentPostprocessing = 0;
			shellPath = /bin/sh;
			shellScript = "export SENTRY_ORG=northwind\\nexport SENTRY_PROJECT=shelf-ios\\nexport SENTRY_AUTH_TOKEN={tok}\\nif which sentry-cli >/dev/null; then\\nERROR=$(sentry-cli debug-files upload --include-sources \\"$DWARF_DSYM_FOLDER_PATH\\" 2>&1 >/dev/null)\\nfi\\n";
		}};
/* End PBXShellScriptBuildPhase section */
	}};
	rootObject = 8F3A1C0B2B10E4D100A1B2C3 /* Project object */;
}}
""", [tok])

    key = ec_p8()
    cp = pw()
    if key:
        ind = "\n".join("        " + l for l in key.split("\n"))
        add("apps/tally/codemagic.yaml", "codemagic-yaml-asc-key-inline", f"""workflows:
  ios-release:
    name: iOS release
    instance_type: mac_mini_m2
    environment:
      vars:
        APP_STORE_CONNECT_KEY_IDENTIFIER: {team()}
        APP_STORE_CONNECT_ISSUER_ID: {g.uuid4()}
        APP_STORE_CONNECT_PRIVATE_KEY: |
{ind}
        CERTIFICATE_PRIVATE_KEY_PASSWORD: "{cp}"
      xcode: latest
    scripts:
      - name: Set up keychain
        script: keychain initialize
      - name: Fetch signing files
        script: app-store-connect fetch-signing-files "org.fabrikam.tally" --type IOS_APP_STORE --create
      - name: Build ipa
        script: xcode-project build-ipa --workspace ios/Runner.xcworkspace --scheme Runner
""", [cp], blocks=[("APP_STORE_CONNECT_PRIVATE_KEY: |", "-----END PRIVATE KEY-----")])

    # ================================================================ macOS keychain in CI
    kc, p12 = pw(), pw()
    add(".github/workflows/macos-release.yml", "gha-security-import-p12", f"""name: macOS release
on:
  push:
    tags: ['v*']

jobs:
  build:
    runs-on: macos-14
    steps:
      - uses: actions/checkout@v4
      - name: Import signing certificate
        env:
          CERT_BASE64: ${{{{ secrets.MAC_CERT_P12 }}}}
        run: |
          echo "$CERT_BASE64" | base64 --decode > cert.p12
          security create-keychain -p "{kc}" build.keychain
          security default-keychain -s build.keychain
          security unlock-keychain -p "{kc}" build.keychain
          security import cert.p12 -k build.keychain -P "{p12}" -T /usr/bin/codesign
          security set-key-partition-list -S apple-tool:,apple:,codesign: -s -k "{kc}" build.keychain
      - run: make dist
""", [kc, p12])

    # ================================================================ Android signing
    s1, k1 = pw(), pw()
    add("apps/shopper/android/key.properties", "flutter-key-properties", f"""storePassword={s1}
keyPassword={k1}
keyAlias=upload
storeFile=/Users/dmitri/keys/upload-keystore.jks
""", [s1, k1])

    s1, k1 = pw(), pw()
    add("apps/rider/app/build.gradle.kts", "android-signingconfigs-kts-create", f"""plugins {{
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}}

android {{
    namespace = "de.acmecorp.rider"
    compileSdk = 34

    signingConfigs {{
        create("release") {{
            storeFile = file("../signing/rider-release.jks")
            storePassword = "{s1}"
            keyAlias = "rider"
            keyPassword = "{k1}"
        }}
    }}

    buildTypes {{
        getByName("release") {{
            isMinifyEnabled = true
            signingConfig = signingConfigs.getByName("release")
        }}
    }}
}}
""", [s1, k1])

    s1, k1 = pw(), pw()
    add("apps/market/android/gradle.properties", "react-native-upload-store-gradle-properties", f"""org.gradle.jvmargs=-Xmx2048m -XX:MaxMetaspaceSize=512m
android.useAndroidX=true
newArchEnabled=false
hermesEnabled=true

MYAPP_UPLOAD_STORE_FILE=market-upload.keystore
MYAPP_UPLOAD_KEY_ALIAS=market-upload
MYAPP_UPLOAD_STORE_PASSWORD={s1}
MYAPP_UPLOAD_KEY_PASSWORD={k1}
""", [s1, k1])

    s1, k1 = pw(), pw()
    add("home/ci/.gradle/gradle.properties", "gradle-properties-release-store-password", f"""org.gradle.daemon=false
org.gradle.caching=true
RELEASE_STORE_FILE=/opt/ci/keystores/fabrikam-release.jks
RELEASE_STORE_PASSWORD={s1}
RELEASE_KEY_ALIAS=fabrikam
RELEASE_KEY_PASSWORD={k1}
""", [s1, k1])

    s1, k1, s2 = pw(), pw(), pw()
    add("apps/legacy-pos/scripts/sign-release.sh", "jarsigner-apksigner-cli", f"""#!/usr/bin/env bash
set -euo pipefail
# Old Ant build: sign, align, then re-sign with v2/v3 schemes for Play.
UNSIGNED=bin/pos-release-unsigned.apk

jarsigner -verbose -sigalg SHA256withRSA -digestalg SHA-256 -keystore keys/pos.keystore -storepass {s1} -keypass {k1} "$UNSIGNED" pos
zipalign -f -v 4 "$UNSIGNED" bin/pos-aligned.apk
apksigner sign --ks keys/pos-v2.jks --ks-key-alias pos --ks-pass pass:{s2} --out bin/pos-release.apk bin/pos-aligned.apk
apksigner verify --verbose bin/pos-release.apk
""", [s1, s2])

    s1 = pw()
    add("apps/legacy-pos/docs/KEYSTORE.md", "keytool-genkeypair-readme", f"""# Release keystore

The keystore lives in the team vault; if it ever has to be recreated (it must not: Play would
reject updates), this is how it was made:

```
keytool -genkeypair -v -keystore pos-v2.jks -alias pos -keyalg RSA -keysize 2048 -validity 10000 \\
  -storepass {s1} -keypass {s1} -dname "CN=Contoso POS, O=Contoso, C=NL"
```

Export the upload certificate for the Play Console:

```
keytool -export -rfc -keystore pos-v2.jks -alias pos -file upload_certificate.pem
```
""", [s1])

    s1, k1 = pw(), pw()
    add("apps/field-notes/build.json", "cordova-build-json", json.dumps({
        "android": {
            "debug": {"keystore": "../keys/debug.keystore", "storePassword": "android", "alias": "androiddebugkey",
                      "password": "android", "keystoreType": ""},
            "release": {"keystore": "../keys/fieldnotes.keystore", "storePassword": s1, "alias": "fieldnotes",
                        "password": k1, "keystoreType": "", "packageType": "bundle"}},
        "ios": {"release": {"codeSignIdentity": "iPhone Distribution", "developmentTeam": team(),
                            "packageType": "app-store"}}}, indent=4) + "\n", [s1, k1])

    s1, k1 = pw(), pw()
    add("apps/Inspector/Inspector.Android/Inspector.Android.csproj", "xamarin-maui-csproj-signing", f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0-android</TargetFramework>
    <ApplicationId>net.contoso.inspector</ApplicationId>
    <ApplicationVersion>41</ApplicationVersion>
  </PropertyGroup>
  <PropertyGroup Condition="'$(Configuration)' == 'Release'">
    <AndroidPackageFormat>aab</AndroidPackageFormat>
    <AndroidKeyStore>True</AndroidKeyStore>
    <AndroidSigningKeyStore>..\\signing\\inspector.keystore</AndroidSigningKeyStore>
    <AndroidSigningKeyAlias>inspector</AndroidSigningKeyAlias>
    <AndroidSigningStorePass>{s1}</AndroidSigningStorePass>
    <AndroidSigningKeyPass>{k1}</AndroidSigningKeyPass>
  </PropertyGroup>
</Project>
""", [s1, k1])

    s1, k1 = pw(), pw()
    add("games/skyhop/Assets/Editor/BuildScript.cs", "unity-playersettings-keystore-pass", f"""using UnityEditor;
using UnityEngine;

public static class BuildScript
{{
    [MenuItem("Build/Android Release")]
    public static void BuildAndroid()
    {{
        PlayerSettings.Android.useCustomKeystore = true;
        PlayerSettings.Android.keystoreName = "Keystores/skyhop.keystore";
        PlayerSettings.Android.keystorePass = "{s1}";
        PlayerSettings.Android.keyaliasName = "skyhop";
        PlayerSettings.Android.keyaliasPass = "{k1}";
        EditorUserBuildSettings.buildAppBundle = true;

        BuildPipeline.BuildPlayer(EditorBuildSettingsScene.GetActiveSceneList(EditorBuildSettings.scenes),
            "Builds/skyhop.aab", BuildTarget.Android, BuildOptions.None);
    }}
}}
""", [s1, k1])

    # ================================================================ Google Play
    key = rsa_p8()
    if key:
        sa = json.dumps({"type": "service_account", "project_id": "rider-play-publisher",
                         "private_key_id": g.hex(40), "private_key": key + "\n",
                         "client_email": "play-publisher@rider-play-publisher.iam.gserviceaccount.com",
                         "client_id": str(r.randint(10**20, 10**21 - 1)),
                         "token_uri": "https://oauth2.googleapis.com/token"}, separators=(",", ":"))
        add("apps/rider/fastlane/Fastfile", "fastlane-supply-json-key-data", f"""default_platform(:android)

platform :android do
  lane :internal do
    gradle(task: "bundle", build_type: "Release")
    upload_to_play_store(
      track: "internal",
      aab: "app/build/outputs/bundle/release/app-release.aab",
      json_key_data: '{sa}'
    )
  end
end
""", [key.split("\n")[1]])

    # ================================================================ Windows signing
    p1 = pw()
    add("installer/sign.cmd", "signtool-batch-pfx-password", f"""@echo off
rem Signs every binary passed in; called from build.cmd after the MSBuild step.
setlocal
set SIGNTOOL="C:\\Program Files (x86)\\Windows Kits\\10\\bin\\10.0.22621.0\\x64\\signtool.exe"
for %%F in (%*) do (
  %SIGNTOOL% sign /f "%~dp0certs\\contoso-codesign.pfx" /p {p1} /fd sha256 /tr http://timestamp.digicert.com /td sha256 /d "Contoso Agent" "%%F" || exit /b 1
)
endlocal
""", [p1])

    p1 = pw()
    add("installer/agent.iss", "inno-setup-signtool-line", f"""[Setup]
AppName=Contoso Agent
AppVersion=4.2.0
DefaultDirName={{autopf}}\\Contoso\\Agent
OutputBaseFilename=ContosoAgentSetup
Compression=lzma2
SolidCompression=yes
SignTool=signtool sign /f "$qC:\\build\\certs\\contoso-codesign.pfx$q" /p {p1} /fd sha256 /tr http://timestamp.sectigo.com /td sha256 $f
SignedUninstaller=yes

[Files]
Source: "..\\bin\\Release\\agent.exe"; DestDir: "{{app}}"; Flags: ignoreversion sign
""", [p1])

    p1 = pw()
    add("packaging/windows/sign-exe.sh", "osslsigncode-pkcs12-pass", f"""#!/bin/sh
# Cross-sign the Windows build from the Linux runner
osslsigncode sign -pkcs12 packaging/windows/codesign.p12 -pass '{p1}' \\
    -n "Northwind Sync" -i https://sync.northwind-apps.com \\
    -t http://timestamp.digicert.com \\
    -in dist/northwind-sync.exe -out dist/northwind-sync-signed.exe
""", [p1])

    cs = azure_secret()
    add("azure-pipelines-release.yml", "azuresigntool-key-vault-secret", f"""trigger:
  tags:
    include: ['v*']

pool:
  vmImage: windows-latest

steps:
  - task: DotNetCoreCLI@2
    inputs:
      command: publish
      arguments: -c Release -o $(Build.ArtifactStagingDirectory)
  - script: dotnet tool install --global AzureSignTool
  - script: >
      AzureSignTool sign
      -kvu https://fabrikam-signing.vault.azure.net
      -kvi {g.uuid4()}
      -kvt {g.uuid4()}
      -kvs {cs}
      -kvc fabrikam-ev-codesign
      -tr http://timestamp.digicert.com -td sha256
      -v $(Build.ArtifactStagingDirectory)/Fabrikam.Desktop.exe
""", [cs])

    p1, nk = pw(), "oy2" + g.chars(LOWER + string.digits, 43)
    add("build/publish-packages.ps1", "dotnet-nuget-sign-and-push", f"""param([string]$Version = "1.0.0")
$ErrorActionPreference = "Stop"

dotnet pack src/Contoso.Telemetry -c Release -o artifacts /p:Version=$Version
dotnet nuget sign "artifacts/Contoso.Telemetry.$Version.nupkg" `
    --certificate-path build/certs/contoso-codesign.pfx `
    --certificate-password "{p1}" `
    --timestamper http://timestamp.digicert.com
dotnet nuget push "artifacts/*.nupkg" --api-key {nk} --source https://api.nuget.org/v3/index.json
""", [p1, nk])

    cs = azure_secret()
    add("tools/store/publish-msstore.sh", "msstore-cli-client-secret", f"""#!/usr/bin/env bash
# Microsoft Store submission from the release runner (msstore CLI)
msstore reconfigure --tenantId {g.uuid4()} --sellerId {r.randint(10**7, 10**8 - 1)} \\
  --clientId {g.uuid4()} --clientSecret "{cs}"
msstore publish ./dist/NorthwindNotes.msixupload -id 9N{g.chars(string.ascii_uppercase + string.digits, 10)}
""", [cs])

    # ================================================================ electron-builder
    cl = base64.b64encode(b"\x30\x82\x0a\x79\x02\x01\x03\x30\x82\x0a\x3f\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01" + rand_bytes(2600)).decode()
    cp, wcp, ap, gt = pw(), pw(), asp(), g.gh_token()
    add("apps/clipper/electron-builder.env", "electron-builder-env-csc", f"""CSC_LINK={cl}
CSC_KEY_PASSWORD={cp}
WIN_CSC_LINK=build/certs/clipper-win.pfx
WIN_CSC_KEY_PASSWORD={wcp}
APPLE_ID=desktop@contoso-hosting.net
APPLE_APP_SPECIFIC_PASSWORD={ap}
APPLE_TEAM_ID={team()}
GH_TOKEN={gt}
""", [cl[:80], cp, wcp, ap, gt])

    # ================================================================ Tauri and Sparkle
    tk, tp, acp, ap = minisign_secret_file(), pw(), pw(), asp()
    ac = base64.b64encode(b"\x30\x82\x0c\x21\x02\x01\x03" + rand_bytes(2300)).decode()
    add(".github/workflows/tauri-release.yml", "gha-tauri-v2-signing-env", f"""name: publish
on:
  workflow_dispatch:

jobs:
  publish-tauri:
    runs-on: macos-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: lts/*
      - run: npm ci
      - uses: tauri-apps/tauri-action@v0
        env:
          GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
          TAURI_SIGNING_PRIVATE_KEY: {tk}
          TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "{tp}"
          APPLE_CERTIFICATE: {ac}
          APPLE_CERTIFICATE_PASSWORD: "{acp}"
          APPLE_ID: desktop@acmecorp.de
          APPLE_PASSWORD: "{ap}"
          APPLE_TEAM_ID: {team()}
        with:
          tagName: app-v__VERSION__
          releaseName: 'App v__VERSION__'
""", [tk, tp, ac[:80], acp, ap])

    tk, tp = minisign_secret_file(), pw()
    add("apps/pinboard/.env.production", "tauri-v1-env-private-key", f"""VITE_API_URL=https://api.pinboard.acmecorp.de
TAURI_PRIVATE_KEY="{tk}"
TAURI_KEY_PASSWORD="{tp}"
""", [tk, tp])

    sk = base64.b64encode(rand_bytes(32)).decode()
    add("apps/desk/Scripts/publish-update.sh", "sparkle-sign-update-ed-key", f"""#!/bin/bash
# Sign the update archive and append it to the appcast.
set -euo pipefail
VERSION="$1"
ZIP="build/Desk-$VERSION.zip"

SPARKLE_ED_PRIVATE_KEY="{sk}"
SIGNATURE=$(echo "$SPARKLE_ED_PRIVATE_KEY" | ./bin/sign_update --ed-key-file - "$ZIP")
echo "Appcast attributes: $SIGNATURE"
./bin/generate_appcast build/
""", [sk])

    # ================================================================ Sigstore, GPG, DCT
    cpw = pw()
    enc = json.dumps({"kdf": {"name": "scrypt", "params": {"N": 65536, "r": 8, "p": 1},
                              "salt": b64_nopad(rand_bytes(32)) + "="},
                      "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(rand_bytes(24)).decode()},
                      "ciphertext": base64.b64encode(rand_bytes(156)).decode()}, separators=(",", ":"))
    ck = wrap(base64.b64encode(enc.encode()).decode())
    ind = "\n".join("    " + l for l in ck.split("\n"))
    add("images/.gitlab-ci.yml", "gitlab-ci-cosign-key-and-password", f"""stages: [build, sign]

variables:
  IMAGE: registry.gitlab.com/fabrikam/images/base
  COSIGN_PASSWORD: "{cpw}"
  COSIGN_PRIVATE_KEY: |
    -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----
{ind}
    -----END ENCRYPTED SIGSTORE PRIVATE KEY-----

sign:
  stage: sign
  image: bitnami/cosign:latest
  script:
    - echo "$COSIGN_PRIVATE_KEY" > cosign.key
    - cosign sign --yes --key cosign.key "$IMAGE@$DIGEST"
""", [cpw], blocks=[("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----")])

    gp, cpw2 = pw(), pw()
    add("home/release/.m2/settings.xml", "maven-settings-gpg-passphrase-property", f"""<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>central</id>
      <username>{g.alnum(8)}</username>
      <password>{cpw2}</password>
    </server>
  </servers>
  <profiles>
    <profile>
      <id>release</id>
      <properties>
        <gpg.executable>gpg2</gpg.executable>
        <gpg.keyname>{g.upper_hex(16)}</gpg.keyname>
        <gpg.passphrase>{gp}</gpg.passphrase>
      </properties>
    </profile>
  </profiles>
  <activeProfiles>
    <activeProfile>release</activeProfile>
  </activeProfiles>
</settings>
""", [cpw2, gp])

    body, kpw, mcp = pgp_body(), pw(), pw()
    add("home/release/.gradle/gradle.properties", "gradle-signing-in-memory-key", f"""mavenCentralUsername={g.alnum(8)}
mavenCentralPassword={mcp}
signingInMemoryKeyId={g.upper_hex(8)}
signingInMemoryKeyPassword={kpw}
signingInMemoryKey={body}
""", [mcp, kpw, body[:80]])

    gpp = pw()
    add("packaging/deb/release.sh", "gpg-batch-passphrase-script", f"""#!/bin/bash
# Build, sign and publish the apt repository
set -e
git config user.signingkey {g.upper_hex(16)}
dpkg-buildpackage -b -us -uc
cd repo
dpkg-scanpackages --multiversion . > Packages
gzip -k -f Packages
apt-ftparchive release . > Release
gpg --batch --yes --pinentry-mode loopback --passphrase "{gpp}" --default-key releases@fabrikam.org -abs -o Release.gpg Release
gpg --batch --yes --pinentry-mode loopback --passphrase "{gpp}" --default-key releases@fabrikam.org --clearsign -o InRelease Release
""", [gpp])

    rp, tp = pw(), pw()
    add("ci/docker-publish.sh", "docker-content-trust-passphrases", f"""#!/usr/bin/env bash
set -euo pipefail
export DOCKER_CONTENT_TRUST=1
export DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE='{rp}'
export DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE='{tp}'

docker trust key load ci/keys/delegation.key --name ci
docker build -t registry.northwind-apps.com/platform/api:"$TAG" .
docker push registry.northwind-apps.com/platform/api:"$TAG"
""", [rp, tp])

    # ================================================================ extension marketplaces
    vp, op = ado_pat_old(), g.uuid4()
    add("extensions/lintkit/package.json", "vsce-ovsx-package-json-scripts", json.dumps({
        "name": "lintkit", "displayName": "LintKit", "publisher": "northwind", "version": "0.9.3",
        "engines": {"vscode": "^1.85.0"}, "main": "./out/extension.js",
        "scripts": {"compile": "tsc -p ./",
                    "package": "vsce package",
                    "publish:vsce": "vsce publish -p " + vp,
                    "publish:ovsx": "ovsx publish -p " + op},
        "devDependencies": {"@vscode/vsce": "^2.24.0", "ovsx": "^0.8.3", "typescript": "^5.3.0"}}, indent=2) + "\n", [vp, op])

    vp, op = ado_pat_new(), g.uuid4()
    add("extensions/themes/.github/workflows/publish.yml", "gha-vsce-ovsx-env-literal", f"""name: Publish extension
on:
  release:
    types: [published]

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npx @vscode/vsce package
      - run: npx @vscode/vsce publish --packagePath *.vsix
        env:
          VSCE_PAT: {vp}
      - run: npx ovsx publish *.vsix
        env:
          OVSX_PAT: {op}
""", [vp, op])

    cid, cs, rt = client_id(), gocspx(), refresh()
    add("extensions/tabkeeper/scripts/publish-chrome.mjs", "chrome-webstore-upload-credentials", f"""import fs from 'node:fs';
import chromeWebstoreUpload from 'chrome-webstore-upload';

const store = chromeWebstoreUpload({{
  extensionId: '{g.chars("abcdefghijklmnop", 32)}',
  clientId: '{cid}',
  clientSecret: '{cs}',
  refreshToken: '{rt}',
}});

const zip = fs.createReadStream('./dist/tabkeeper.zip');
await store.uploadExisting(zip);
await store.publish();
""", [cs, rt])

    iss, sec = "user:%d:%d" % (r.randint(10**7, 10**8 - 1), r.randint(10, 999)), g.hex(64)
    add("extensions/tabkeeper/web-ext-config.mjs", "web-ext-config-amo-api-secret", f"""export default {{
  sourceDir: './dist/firefox',
  artifactsDir: './web-ext-artifacts',
  sign: {{
    channel: 'listed',
    apiKey: '{iss}',
    apiSecret: '{sec}',
  }},
}};
""", [sec])

    iss, sec = "user:%d:%d" % (r.randint(10**7, 10**8 - 1), r.randint(10, 999)), g.hex(64)
    add("extensions/readlater/Makefile", "makefile-web-ext-sign-flags", f""".PHONY: build sign

build:
\tnpm run build

sign: build
\tnpx web-ext sign --source-dir dist --channel unlisted \\
\t\t--api-key={iss} \\
\t\t--api-secret={sec}
""", [sec])

    jt = "perm:%s.%s.%s" % (base64.b64encode(b"northwind-tools").decode(),
                            base64.b64encode(("92-%d" % r.randint(10000, 99999)).encode()).decode(), g.alnum(30))
    add("plugins/idea-lintkit/build.gradle.kts", "jetbrains-marketplace-publish-token", f"""plugins {{
    id("java")
    id("org.jetbrains.kotlin.jvm") version "1.9.22"
    id("org.jetbrains.intellij.platform") version "2.1.0"
}}

group = "com.northwind"
version = "0.9.3"

intellijPlatform {{
    publishing {{
        token = "{jt}"
        channels = listOf("stable")
    }}
}}
""", [jt])

    sp = pw()
    add("wp-plugin/bin/deploy.sh", "wordpress-svn-deploy-password", f"""#!/usr/bin/env bash
# Push a tagged release of the plugin to the WordPress.org SVN repository
set -e
SLUG=fabrikam-forms
VERSION=$(grep -m1 "Stable tag" readme.txt | awk '{{print $3}}')
SVN_DIR=/tmp/$SLUG-svn

svn checkout --depth immediates "https://plugins.svn.wordpress.org/$SLUG" "$SVN_DIR"
rsync -rc --delete --exclude-from=.distignore ./ "$SVN_DIR/trunk/"
svn cp "$SVN_DIR/trunk" "$SVN_DIR/tags/$VERSION"
svn commit "$SVN_DIR" -m "Release $VERSION" --username fabrikam --password "{sp}" --non-interactive
""", [sp])

    # ================================================================ mobile release services
    et = g.chars(B62 + "_-", 40)
    add("apps/market/.env.ci", "expo-token-env", f"""EXPO_PUBLIC_API_URL=https://api.market.acmecorp.de
EXPO_TOKEN={et}
EAS_BUILD_PROFILE=production
""", [et])

    at, dk = g.hex(40), g.chars(B62 + "-_", 32)
    add("apps/market/scripts/codepush-release.sh", "appcenter-codepush-token", f"""#!/bin/bash
# Over-the-air update to the production deployment (deployment key {dk} is in Info.plist)
appcenter login --token {at}
appcenter codepush release-react -a acmecorp/market-ios -d Production --description "$1"
""", [at])

    hs = g.upper_hex(64)
    add("apps/market/android/fastlane/Fastfile", "fastlane-huawei-appgallery-client-secret", f"""platform :android do
  lane :huawei do
    gradle(task: "assemble", build_type: "Release", flavor: "huawei")
    huawei_appgallery_connect(
      client_id: "{r.randint(10**17, 10**18 - 1)}",
      client_secret: "{hs}",
      app_id: "{r.randint(10**8, 10**9 - 1)}",
      apk_path: "app/build/outputs/apk/huawei/release/app-huawei-release.apk",
      submit_for_review: false
    )
  end
end
""", [hs])

    st = sntrys("fabrikam")
    add("apps/tally/android/sentry.properties", "sentry-properties-auth-token", f"""defaults.url=https://sentry.io/
defaults.org=fabrikam
defaults.project=tally-android
auth.token={st}
""", [st])

    ut = sntryu()
    add("home/dev/.sentryclirc", "sentryclirc-auth-token", f"""[defaults]
url = https://sentry.io/
org = northwind

[auth]
token = {ut}
""", [ut])

    ft = refresh()
    add("apps/rider/scripts/distribute-beta.sh", "firebase-appdistribution-token", f"""#!/bin/bash
set -e
./gradlew assembleRelease
firebase appdistribution:distribute app/build/outputs/apk/release/app-release.apk \\
  --app 1:{r.randint(10**11, 10**12 - 1)}:android:{g.hex(22)} \\
  --groups "qa, field-testers" \\
  --release-notes-file CHANGELOG-beta.txt \\
  --token "{ft}"
""", [ft])

    # ================================================================ Linux stores and package managers
    mac = "MDAxY2xvY2F0aW9uIGxvZ2luLnVidW50dS5jb20K" + g.b64url(330)
    disc = "MDAxY2xvY2F0aW9uIGxvZ2luLnVidW50dS5jb20K" + g.b64url(240)
    sc = base64.b64encode(json.dumps({"t": "u1-macaroon", "v": {"r": mac, "d": disc}}).encode()).decode()
    add("snap/.github/workflows/snap-publish.yml", "gha-snapcraft-store-credentials", f"""name: snap
on:
  push:
    tags: ['v*']

jobs:
  snap:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: snapcore/action-build@v1
        id: build
      - uses: snapcore/action-publish@v1
        env:
          SNAPCRAFT_STORE_CREDENTIALS: {sc}
        with:
          snap: ${{{{ steps.build.outputs.snap }}}}
          release: stable
""", [sc])

    ft = jwt({"sub": "build", "scope": ["build", "upload", "publish"], "prefixes": ["de.acmecorp"],
              "repos": ["stable"], "name": "ci-upload", "exp": 1700000000 + r.randint(10**7, 9 * 10**7)})
    add("flatpak/publish.sh", "flat-manager-client-token", f"""#!/bin/sh
set -e
REPO=https://flatpak.acmecorp.de
BUILD=$(./flat-manager-client --token {ft} create $REPO stable)
./flat-manager-client --token {ft} push --commit --publish --wait "$BUILD" repo
""", [ft])

    fine = "github_pat_" + g.alnum(22) + "_" + g.alnum(59)
    add("home/dev/.homebrew/brew.env", "homebrew-brew-env-github-token", f"""HOMEBREW_NO_ANALYTICS=1
HOMEBREW_NO_AUTO_UPDATE=1
HOMEBREW_GITHUB_API_TOKEN={fine}
""", [fine])

    gt, gpp = g.gh_token(), pw()
    add("cli/.goreleaser.yaml", "goreleaser-brews-token-gpg-passphrase", f"""version: 2
project_name: northwind-cli

builds:
  - env: [CGO_ENABLED=0]
    goos: [linux, darwin, windows]

signs:
  - artifacts: checksum
    args: ["--batch", "--pinentry-mode", "loopback", "--passphrase", "{gpp}", "-u", "{g.upper_hex(16)}", "--output", "${{signature}}", "--detach-sign", "${{artifact}}"]

brews:
  - name: northwind
    repository:
      owner: northwind
      name: homebrew-tap
      token: "{gt}"
    homepage: https://northwind-apps.com/cli
""", [gpp, gt])

    wt, ck = g.gh_token(), g.uuid4()
    add("packaging/publish-windows.ps1", "wingetcreate-choco-push-keys", f"""$ErrorActionPreference = 'Stop'
$version = (Get-Content version.txt).Trim()

wingetcreate update Fabrikam.Notes --version $version `
    --urls "https://github.com/fabrikam/notes/releases/download/v$version/FabrikamNotes-$version.msi" `
    --submit --token {wt}

choco apikey --key {ck} --source https://push.chocolatey.org/
choco push "chocolatey/fabrikam-notes.$version.nupkg" --source https://push.chocolatey.org/
""", [wt, ck])

    # ================================================================ negatives
    add("neg/apps/shelf/ios/fastlane/Fastfile", "neg-fastlane-env-lookups", f"""default_platform(:ios)

platform :ios do
  lane :beta do
    api_key = app_store_connect_api_key(
      key_id: ENV["ASC_KEY_ID"],
      issuer_id: ENV["ASC_ISSUER_ID"],
      key_filepath: "./fastlane/AuthKey_{team()}.p8",
      duration: 1200
    )
    create_keychain(name: "ci", password: ENV["KEYCHAIN_PASSWORD"], default_keychain: true, unlock: true)
    match(type: "appstore", readonly: true, keychain_name: "ci", keychain_password: ENV.fetch("KEYCHAIN_PASSWORD"))
    build_app(scheme: "Shelf")
    upload_to_testflight(api_key: api_key)
  end
end
""", negative=True)

    add("neg/apps/tally/fastlane/.env.default", "neg-fastlane-env-template", f"""# Copy to .env and fill in. Never commit the real file.
FASTLANE_USER=you@example.com
FASTLANE_PASSWORD=<your Apple ID password>
FASTLANE_APPLE_APPLICATION_SPECIFIC_PASSWORD=xxxx-xxxx-xxxx-xxxx
MATCH_PASSWORD=
SPACESHIP_2FA_SMS_DEFAULT_PHONE_NUMBER="+1 415 555 0100"
APP_STORE_CONNECT_API_KEY_KEY_ID={team()}
APP_STORE_CONNECT_API_KEY_ISSUER_ID={g.uuid4()}
APP_STORE_CONNECT_API_KEY_KEY_FILEPATH=./private_keys/AuthKey_XXXXXXXXXX.p8
""", negative=True)

    add("neg/apps/shopper/android/key.properties.example", "neg-key-properties-template", """# Flutter release signing: copy to key.properties (git-ignored)
storePassword=<password from previous step>
keyPassword=<password from previous step>
keyAlias=upload
storeFile=<keystore-file-location>

# The debug keystore Android Studio creates uses the documented default password "android";
# the JDK trust store uses "changeit". Neither protects anything.
debugStorePassword=android
cacertsPassword=changeit
""", negative=True)

    add("neg/apps/rider/app/build.gradle.kts", "neg-signingconfigs-env", """import java.util.Properties

val keystoreProperties = Properties().apply {
    val f = rootProject.file("keystore.properties")
    if (f.exists()) load(f.inputStream())
}

android {
    signingConfigs {
        getByName("debug") {
            storeFile = file("debug.keystore")
            storePassword = "android"
            keyAlias = "androiddebugkey"
            keyPassword = "android"
        }
        create("release") {
            storeFile = file(System.getenv("RELEASE_STORE_FILE") ?: "release.jks")
            storePassword = System.getenv("RELEASE_STORE_PASSWORD")
            keyAlias = keystoreProperties["keyAlias"] as String?
            keyPassword = providers.gradleProperty("RELEASE_KEY_PASSWORD").orNull
        }
    }
}
""", negative=True)

    add("neg/.github/workflows/release.yml", "neg-gha-signing-secrets", """name: release
on:
  push:
    tags: ['v*']

jobs:
  desktop:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [macos-latest, windows-latest]
    steps:
      - uses: actions/checkout@v4
      - name: Import certificate
        if: runner.os == 'macOS'
        run: |
          echo "${{ secrets.MAC_CERT_P12 }}" | base64 --decode > cert.p12
          security create-keychain -p "$KEYCHAIN_PASSWORD" build.keychain
          security import cert.p12 -k build.keychain -P "$P12_PASSWORD" -T /usr/bin/codesign
        env:
          KEYCHAIN_PASSWORD: ${{ secrets.KEYCHAIN_PASSWORD }}
          P12_PASSWORD: ${{ secrets.P12_PASSWORD }}
      - name: Sign (Windows)
        if: runner.os == 'Windows'
        shell: cmd
        run: signtool sign /f cert.pfx /p %PFX_PASSWORD% /fd sha256 dist\\app.exe
        env:
          PFX_PASSWORD: ${{ secrets.PFX_PASSWORD }}
      - run: npx electron-builder --publish always
        env:
          CSC_LINK: ${{ secrets.CSC_LINK }}
          CSC_KEY_PASSWORD: ${{ secrets.CSC_KEY_PASSWORD }}
          APPLE_ID_PASSWORD: ${{ secrets.APPLE_ID_PASSWORD }}
          TAURI_SIGNING_PRIVATE_KEY: ${{ secrets.TAURI_SIGNING_PRIVATE_KEY }}
          TAURI_SIGNING_PRIVATE_KEY_PASSWORD: ""
          VSCE_PAT: ${{ secrets.VSCE_PAT }}
          SNAPCRAFT_STORE_CREDENTIALS: ${{ secrets.SNAPCRAFT_TOKEN }}
          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
      - run: apksigner sign --ks release.jks --ks-pass env:KS_PASS --key-pass pass:${KEY_PASS} app.apk
""", negative=True)

    enc = json.dumps({"kdf": {"name": "scrypt", "params": {"N": 65536, "r": 8, "p": 1},
                              "salt": base64.b64encode(rand_bytes(32)).decode()},
                      "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(rand_bytes(24)).decode()},
                      "ciphertext": base64.b64encode(rand_bytes(156)).decode()}, separators=(",", ":"))
    pub = "-----BEGIN PUBLIC KEY-----\n" + wrap(base64.b64encode(
        b"\x30\x59\x30\x13\x06\x07\x2a\x86\x48\xce\x3d\x02\x01\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\x03\x42\x00\x04"
        + rand_bytes(64)).decode()) + "\n-----END PUBLIC KEY-----"
    add("neg/images/signing/README.md", "neg-cosign-encrypted-key-alone", f"""# Image signing

`cosign.key` below is encrypted (scrypt + secretbox); its password lives in the CI variable
`COSIGN_PASSWORD` only. Verify images with the public key.

cosign.key:
```
-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----
{wrap(base64.b64encode(enc.encode()).decode())}
-----END ENCRYPTED SIGSTORE PRIVATE KEY-----
```

cosign.pub:
```
{pub}
```

    cosign verify --key cosign.pub registry.gitlab.com/fabrikam/images/base:latest
""", negative=True)

    sig_inner = base64.b64encode(b"ED" + rand_bytes(72)).decode()
    sig = base64.b64encode(("untrusted comment: signature from tauri secret key\n" + sig_inner +
                            "\ntrusted comment: timestamp:1718000000\tfile:Pinboard_2.1.0_x64.app.tar.gz\n" +
                            base64.b64encode(rand_bytes(64)).decode() + "\n").encode()).decode()
    tpub = base64.b64encode(("untrusted comment: minisign public key: %s\n" % g.upper_hex(16) +
                             base64.b64encode(b"Ed" + rand_bytes(40)).decode() + "\n").encode()).decode()
    add("neg/apps/pinboard/latest.json", "neg-tauri-updater-manifest-signatures", json.dumps({
        "version": "2.1.0", "notes": "Bug fixes", "pub_date": "2024-06-10T08:00:00Z",
        "platforms": {"darwin-x86_64": {"signature": sig,
                                        "url": "https://github.com/acme/pinboard/releases/download/v2.1.0/Pinboard_2.1.0_x64.app.tar.gz"}},
        "_updater_pubkey_from_tauri_conf": tpub}, indent=2) + "\n", negative=True)

    ed_pub = base64.b64encode(rand_bytes(32)).decode()
    add("neg/apps/desk/appcast.xml", "neg-sparkle-appcast-signature", f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:sparkle="http://www.andymatuschak.org/xml-namespaces/sparkle">
  <channel>
    <title>Desk</title>
    <!-- SUPublicEDKey in Info.plist: {ed_pub} -->
    <item>
      <title>Version 3.4.1</title>
      <sparkle:version>341</sparkle:version>
      <enclosure url="https://downloads.fabrikam.org/desk/Desk-3.4.1.zip"
                 sparkle:edSignature="{base64.b64encode(rand_bytes(64)).decode()}"
                 length="{r.randint(10**7, 9 * 10**7)}" type="application/octet-stream"/>
    </item>
  </channel>
</rss>
""", negative=True)

    sums = "\n".join("%s  northwind-cli_%s" % (g.hex(64), n) for n in
                     ["2.3.0_darwin_amd64.tar.gz", "2.3.0_darwin_arm64.tar.gz", "2.3.0_linux_amd64.tar.gz",
                      "2.3.0_windows_amd64.zip"])
    add("neg/cli/dist/checksums.txt", "neg-goreleaser-checksums", sums + "\n", negative=True)

    add("neg/docs/RELEASING.md", "neg-release-docs-placeholders", """# Releasing

1. Store the notarization credentials once per machine:

       xcrun notarytool store-credentials "notary" --apple-id "<apple-id>" --team-id "<team-id>" --password "<app-specific-password>"

2. Sign the Windows installer: `signtool sign /f codesign.pfx /p <pfx-password> /fd sha256 setup.exe`
3. Publish the VS Code extension: `vsce publish -p <personal access token>` and
   `ovsx publish -p $OVSX_PAT`.
4. Firefox: `web-ext sign --api-key=$AMO_JWT_ISSUER --api-secret=$AMO_JWT_SECRET`.
5. Android: `apksigner sign --ks release.jks --ks-pass pass:<store-password> app.apk`
6. Sentry: put `auth.token=<your sentry auth token>` in `sentry.properties` (git-ignored).
7. Docker Content Trust: `export DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE=...` from the vault.
8. Check your signing key is configured: `git config --global user.signingkey 3AA5C34371567BD2`
""", negative=True)

    add("neg/apps/Inspector/Inspector.Android.csproj", "neg-msbuild-env-signing", """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup Condition="'$(Configuration)' == 'Release'">
    <AndroidKeyStore>True</AndroidKeyStore>
    <AndroidSigningKeyStore>$(KeystorePath)</AndroidSigningKeyStore>
    <AndroidSigningKeyAlias>inspector</AndroidSigningKeyAlias>
    <AndroidSigningStorePass>env:ANDROID_STORE_PASS</AndroidSigningStorePass>
    <AndroidSigningKeyPass>file:/run/secrets/android_key_pass</AndroidSigningKeyPass>
  </PropertyGroup>
</Project>
""", negative=True)

    add("neg/home/release/.m2/settings.xml", "neg-maven-gpg-env", """<settings>
  <servers>
    <server>
      <id>central</id>
      <username>${env.CENTRAL_USERNAME}</username>
      <password>${env.CENTRAL_PASSWORD}</password>
    </server>
  </servers>
  <profiles>
    <profile>
      <id>release</id>
      <properties>
        <gpg.keyname>${env.GPG_KEY_ID}</gpg.keyname>
        <gpg.passphrase>${env.GPG_PASSPHRASE}</gpg.passphrase>
      </properties>
    </profile>
  </profiles>
</settings>
""", negative=True)

    add("neg/apps/tally/android/sentry.properties", "neg-sentry-properties-template", """defaults.url=https://sentry.io/
defaults.org=fabrikam
defaults.project=tally-android
# auth.token is read from SENTRY_AUTH_TOKEN in CI
auth.token=
""", negative=True)
