"""Eighteenth batch of the real-world set: language package managers, build systems, CI servers.

Written blind (committed before any scanner ran on it) from the tools' documented file formats and
how they show up in repositories and home directories: sbt credentials, Leiningen and Clojars,
Elixir Hex and rebar3, Dart pub, Conan, vcpkg binary caching, cabal and stack, Perl PAUSE, Poetry
and uv, requirements files, Yarn Berry, bun, pnpm, Deno, Bazel / Buck2 / Pants remote caches,
Gradle init scripts, settings and Develocity keys, Go proxies, SwiftPM registries, Helm OCI logins,
Nix and Cachix, Turborepo and Nx Cloud, sccache, CMake downloads, Paket and the dotnet CLI, and CI
servers (Buildkite, TeamCity, Bamboo, Tekton, Octopus Deploy, Harness, Jenkins CLI, Woodpecker,
GoCD, Azure DevOps variable groups, Bitbucket Pipelines, CircleCI, Travis, Renovate). Negatives
are the same files with the secret in the environment, a secret store reference, an encrypted
value, a placeholder, or lockfile hashes.
"""

import base64
import json
import string
import urllib.parse

from shapes import B64URL, UPPER_ALNUM, without


def build_eighteenth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; {},=')

    def pw():
        return q(g.password())

    plain = g.url_password

    uuid = g.uuid4

    def lower_alnum(n):
        return g.chars(string.ascii_lowercase + string.digits, n)

    def b32l(n):
        return g.chars("abcdefghijklmnopqrstuvwxyz234567", n)

    def pypi_token():
        return "pypi-AgEIcHlwaS5vcmc" + g.b64url(r.randint(140, 170))

    def glpat():
        return "glpat-" + g.b64url(20)

    # ================================================================ JVM: sbt, Leiningen, Gradle
    p1 = pw()
    add("home/dev/.sbt/.credentials", "sbt-credentials-file", f"""realm=Sonatype Nexus Repository Manager
host=nexus.kestrelsoft.io
user=deployer
password={p1}
""", [p1])

    p1 = plain()
    add("b18/build.sbt", "sbt-credentials-inline", f"""ThisBuild / organization := "io.kestrelsoft"
ThisBuild / scalaVersion := "2.13.12"

lazy val core = (project in file("core"))
  .settings(
    name := "ledger-core",
    libraryDependencies += "org.typelevel" %% "cats-effect" % "3.5.2",
    resolvers += "Kestrel Releases" at "https://nexus.kestrelsoft.io/repository/maven-releases/",
    credentials += Credentials("Sonatype Nexus Repository Manager", "nexus.kestrelsoft.io", "deployer", "{p1}"),
    publishTo := Some("Kestrel Releases" at "https://nexus.kestrelsoft.io/repository/maven-releases/")
  )
""", [p1])

    t1 = "CLOJARS_" + g.hex(60)
    add("home/dev/.lein/profiles.clj", "lein-profiles-deploy", f"""{{:user {{:plugins [[lein-ancient "1.0.0-RC3"]]
        :deploy-repositories [["clojars" {{:url "https://repo.clojars.org"
                                          :username "tbrandt"
                                          :password "{t1}"
                                          :sign-releases false}}]]}}}}
""", [t1])

    a1, s1 = g.aws_key_id(), g.aws_secret()
    add("b18/project.clj", "lein-s3-wagon", f"""(defproject io.brightforge/billing "2.4.1"
  :description "Billing service"
  :dependencies [[org.clojure/clojure "1.11.1"]
                 [io.brightforge/commons "0.9.3"]]
  :plugins [[s3-wagon-private "1.3.5"]]
  :repositories [["private" {{:url "s3p://brightforge-maven/releases/"
                             :username "{a1}"
                             :passphrase "{s1}"
                             :no-auth true}}]])
""", [a1, s1])

    p1 = pw()
    add("home/ci/.gradle/init.d/company-repos.gradle", "gradle-init-script", f"""allprojects {{
    repositories {{
        maven {{
            name = "corporate"
            url = "https://artifacts.tallowind.com/repository/maven-public/"
            credentials {{
                username = "gradle-ci"
                password = "{p1}"
            }}
        }}
    }}
}}
""", [p1])

    t1 = glpat()
    add("b18/settings.gradle.kts", "gradle-settings-header-credentials", f"""rootProject.name = "payments"

dependencyResolutionManagement {{
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {{
        mavenCentral()
        maven {{
            url = uri("https://gitlab.tallowind.com/api/v4/groups/42/-/packages/maven")
            name = "GitLab"
            credentials(HttpHeaderCredentials::class) {{
                name = "Private-Token"
                value = "{t1}"
            }}
            authentication {{
                create<HttpHeaderAuthentication>("header")
            }}
        }}
    }}
}}

include(":api", ":worker")
""", [t1])

    k1 = b32l(52)
    add("home/ci/.gradle/develocity/keys.properties", "develocity-keys", f"""develocity.tallowind.com={k1}
""", [k1])

    # ================================================================ BEAM: Hex, rebar3
    k1, k2 = g.hex(32), g.hex(32)
    add("home/dev/.hex/hex.config", "hex-config-erlang-terms", f"""{{'$read_key',<<"{k1}">>}}.
{{api_key,<<"{k2}">>}}.
{{'$repos',#{{<<"hexpm:acmeretail">> => #{{auth_key => <<"{(k3 := g.hex(32))}">>}}}}}}.
""", [k1, k2, k3])

    k1 = g.hex(32)
    add("b18/Dockerfile", "hex-organization-auth-dockerfile", f"""FROM hexpm/elixir:1.16.1-erlang-26.2.2-alpine-3.19.1 AS build
RUN apk add --no-cache build-base git
WORKDIR /app
RUN mix local.hex --force && mix local.rebar --force
RUN mix hex.organization auth acmeretail --key {k1}
COPY mix.exs mix.lock ./
RUN MIX_ENV=prod mix deps.get --only prod
COPY . .
RUN MIX_ENV=prod mix release
""", [k1])

    k1 = g.hex(32)
    add("home/dev/.config/rebar3/rebar.config", "rebar3-hex-repo-key", f"""{{hex, [
  {{repos, [
    #{{name => <<"hexpm:acmeretail">>,
      repo_key => <<"{k1}">>}}
  ]}}
]}}.
{{plugins, [rebar3_hex]}}.
""", [k1])

    # ================================================================ Dart, Swift, Haskell, Perl
    a1, rt = "ya29." + g.b64url(r.randint(150, 180)), "1//0" + g.b64url(99)
    add("home/dev/.config/dart/pub-credentials.json", "dart-pub-credentials", json.dumps({
        "accessToken": a1, "refreshToken": rt, "idToken": None,
        "tokenEndpoint": "https://accounts.google.com/o/oauth2/token",
        "scopes": ["openid", "https://www.googleapis.com/auth/userinfo.email"],
        "expiration": 1712000000000 + r.randint(0, 10**9)}) + "\n", [a1, rt])

    t1 = g.b64url(43)
    add("ci/flutter-setup.sh", "dart-pub-token-add-stdin", f"""#!/bin/sh
set -e
flutter --version
echo "{t1}" | dart pub token add https://dart.pkg.brightforge.io
flutter pub get
""", [t1])

    t1 = g.alnum(48)
    add("scripts/registry-login.sh", "swift-package-registry-login", f"""#!/bin/zsh
swift package-registry set https://swift.pkg.kestrelsoft.io --scope kestrel
swift package-registry login https://swift.pkg.kestrelsoft.io/login --token {t1} --no-confirm
swift package resolve
""", [t1])

    p1 = pw()
    add("home/dev/.config/cabal/config", "cabal-config-upload", f"""repository hackage.haskell.org
  url: http://hackage.haskell.org/
  -- secure: True

remote-repo-cache: /home/dev/.cache/cabal/packages
username: mvoss
password: {p1}
jobs: $ncpus
""", [p1])

    p1 = pw()
    add("home/dev/.pause", "perl-pause-file", f"""user MVOSS
password {p1}
""", [p1])

    # ================================================================ Python: Poetry, uv, pip
    t1, p1 = pypi_token(), pw()
    add("home/dev/.config/pypoetry/auth.toml", "poetry-auth-toml", f"""[http-basic.internal]
username = "poetry-ci"
password = "{p1}"

[pypi-token]
pypi = "{t1}"
""", [p1, t1])

    p1, t1 = plain(), pypi_token()
    add("ci/publish.sh", "poetry-config-cli", f"""#!/usr/bin/env bash
set -euo pipefail
pip install poetry==1.8.2
poetry config repositories.internal https://pypi.tallowind.com/simple/
poetry config http-basic.internal poetry-ci {p1}
poetry config pypi-token.pypi {t1}
poetry build
poetry publish -r internal
""", [p1, t1])

    p1, t1 = pw(), pypi_token()
    add("b18/.env.ci", "uv-index-env", f"""UV_INDEX_INTERNAL_USERNAME=uv-reader
UV_INDEX_INTERNAL_PASSWORD={p1}
UV_PUBLISH_TOKEN={t1}
UV_PYTHON=3.12
""", [p1, t1])

    p1 = plain()
    add("b18/pyproject.toml", "uv-index-url-credentials", f"""[project]
name = "forecast-engine"
version = "0.7.0"
requires-python = ">=3.11"
dependencies = ["numpy>=1.26", "tallowind-common>=2.1"]

[[tool.uv.index]]
name = "internal"
url = "https://uv-reader:{p1}@pypi.tallowind.com/simple/"
explicit = true

[tool.uv.sources]
tallowind-common = {{ index = "internal" }}
""", [p1])

    # ================================================================ JavaScript: Yarn Berry, bun, pnpm, Deno
    t1, t2 = g.gh_token("npm_"), g.gh_token("ghp_")
    add("b18/.yarnrc.yml", "yarnrc-yml-scopes", f"""nodeLinker: node-modules
yarnPath: .yarn/releases/yarn-4.1.1.cjs

npmScopes:
  brightforge:
    npmRegistryServer: "https://npm.pkg.github.com"
    npmAuthToken: {t2}
    npmAlwaysAuth: true

npmRegistries:
  "https://registry.npmjs.org":
    npmAuthToken: "{t1}"
""", [t1, t2])

    t1, t2 = g.gh_token("npm_"), g.alnum(36)
    add("b18/bunfig.toml", "bunfig-registry-tokens", f"""[install]
registry = {{ url = "https://registry.npmjs.org/", token = "{t1}" }}

[install.scopes]
brightforge = {{ token = "{t2}", url = "https://npm.brightforge.io/" }}

[test]
coverage = true
""", [t1, t2])

    t1, p1 = g.gh_token("ghp_"), plain()
    add("b18/.envrc", "deno-auth-tokens", f"""export DENO_DIR=$PWD/.deno
export DENO_AUTH_TOKENS="{t1}@raw.githubusercontent.com;deno-ci:{p1}@deno.brightforge.io"
""", [t1, p1])

    # ================================================================ C/C++ and .NET: Conan, vcpkg, CMake, Paket
    p1 = pw()
    add("ci/conan-upload.sh", "conan-remote-login", f"""#!/bin/bash
set -e
conan remote add kestrel https://conan.kestrelsoft.io/artifactory/api/conan/conan-local
conan remote login -p '{p1}' kestrel ci-uploader
conan create . --build=missing
conan upload "*" -r kestrel -c
""", [p1])

    p1 = pw()
    add(".gitlab/conan.env", "conan-password-env", f"""CONAN_LOGIN_USERNAME_KESTREL=ci-uploader
CONAN_PASSWORD_KESTREL={p1}
CONAN_HOME=/cache/conan2
""", [p1])

    sig = urllib.parse.quote(g.b64(32), safe="")
    add("ci/vcpkg-cache.ps1", "vcpkg-binary-sources-azblob", f"""$env:VCPKG_DEFAULT_TRIPLET = "x64-windows"
$env:VCPKG_BINARY_SOURCES = "clear;x-azblob,https://kestrelbuildcache.blob.core.windows.net/vcpkg,sv=2022-11-02&ss=b&srt=co&sp=rwdlacx&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig={sig},readwrite"
& "$env:VCPKG_ROOT\\vcpkg.exe" install --triplet $env:VCPKG_DEFAULT_TRIPLET
""", [sig])

    t1, t2 = glpat(), glpat()
    add("cmake/Dependencies.cmake", "cmake-download-token", f"""include(FetchContent)

file(DOWNLOAD
  https://gitlab.kestrelsoft.io/api/v4/projects/77/packages/generic/sdk/3.2.0/sdk-linux.tar.gz
  ${{CMAKE_BINARY_DIR}}/sdk-linux.tar.gz
  HTTPHEADER "PRIVATE-TOKEN: {t1}"
  EXPECTED_HASH SHA256={g.hex(64)})

FetchContent_Declare(
  kestrel_codec
  GIT_REPOSITORY https://oauth2:{t2}@gitlab.kestrelsoft.io/media/codec.git
  GIT_TAG v1.8.2)
FetchContent_MakeAvailable(kestrel_codec)
""", [t1, t2])

    p1 = pw()
    add("b18/paket.dependencies", "paket-source-credentials", f"""source https://api.nuget.org/v3/index.json
source https://nuget.kestrelsoft.io/v3/index.json username: "paket-ci" password: "{p1}" authtype: "basic"

framework: net8.0
storage: none

nuget FSharp.Core 8.0.200
nuget Kestrel.Common ~> 4.1
""", [p1])

    # ================================================================ build caches: Bazel, Buck2, Pants, sccache, Nix, Turbo, Nx
    k1, p1 = g.alnum(20), plain()
    add("b18/.bazelrc", "bazelrc-remote-headers", f"""build --incompatible_strict_action_env
build:remote --bes_results_url=https://kestrel.buildbuddy.io/invocation/
build:remote --bes_backend=grpcs://kestrel.buildbuddy.io
build:remote --remote_cache=grpcs://kestrel.buildbuddy.io
build:remote --remote_header=x-buildbuddy-api-key={k1}
build:ci --remote_cache=https://bazel:{p1}@bazel-cache.kestrelsoft.io
build:ci --remote_upload_local_results=true
""", [k1, p1])

    k1 = g.alnum(20)
    add("b18/.buckconfig", "buck2-re-client-headers", f"""[cells]
root = .
prelude = prelude

[buck2_re_client]
engine_address = grpc://remote.buildbuddy.io
action_cache_address = grpc://remote.buildbuddy.io
cas_address = grpc://remote.buildbuddy.io
http_headers = x-buildbuddy-api-key:{k1}
""", [k1])

    t1 = g.b64url(40)
    add("b18/pants.toml", "pants-remote-cache-token", f"""[GLOBAL]
pants_version = "2.19.1"
backend_packages = ["pants.backend.python"]

remote_cache_read = true
remote_cache_write = true
remote_store_address = "grpcs://cache.kestrelsoft.io:443"
remote_instance_name = "main"
remote_store_headers = {{ "authorization" = "Bearer {t1}" }}
""", [t1])

    p1, t1 = plain(), g.alnum(32)
    add("home/ci/.config/sccache/config", "sccache-config", f"""[cache.redis]
endpoint = "redis://:{p1}@sccache-redis.tallowind.com:6379/2"
expiration = 86400

[cache.webdav]
endpoint = "https://webdav.tallowind.com/sccache"
token = "{t1}"
""", [p1, t1])

    t1 = g.jwt_like()
    add("home/dev/.config/cachix/cachix.dhall", "cachix-dhall", f"""{{ authToken = "{t1}"
, hostname = "https://cachix.org"
, binaryCaches = [] : List {{ name : Text, secretKey : Text }}
}}
""", [t1])

    t1 = g.alnum(24)
    add(".turbo/config.json", "turbo-config-token", json.dumps({
        "teamid": "team_" + g.alnum(24), "apiurl": "https://vercel.com", "token": t1}, indent=2) + "\n", [t1])

    t1 = base64.b64encode((uuid() + "|read-write").encode()).decode()
    add("b18/nx.json", "nx-cloud-access-token", json.dumps({
        "$schema": "./node_modules/nx/schemas/nx-schema.json",
        "targetDefaults": {"build": {"dependsOn": ["^build"], "cache": True}},
        "nxCloudAccessToken": t1, "defaultBase": "main"}, indent=2) + "\n", [t1])

    # ================================================================ Go, Helm
    p1 = plain()
    add("build/go.env", "goproxy-credentials", f"""GOFLAGS=-mod=readonly
GOPRIVATE=go.tallowind.com/*
GOPROXY=https://goproxy:{p1}@athens.tallowind.com,https://proxy.golang.org,direct
GONOSUMDB=go.tallowind.com/*
""", [p1])

    p1 = g.alnum(32)
    add("deploy/push-chart.sh", "helm-registry-login", f"""#!/bin/sh
set -e
helm package charts/ingest
helm registry login harbor.tallowind.com --username 'robot$ci-charts' --password {p1}
helm push ingest-*.tgz oci://harbor.tallowind.com/charts
""", [p1])

    # ================================================================ CI servers
    t1, t2 = g.gh_token("npm_"), g.aws_secret()
    add(".buildkite/pipeline.yml", "buildkite-pipeline-env", f"""env:
  NODE_ENV: test
  NPM_TOKEN: "{t1}"
  AWS_ACCESS_KEY_ID: {(a1 := g.aws_key_id())}
  AWS_SECRET_ACCESS_KEY: "{t2}"

steps:
  - label: ":npm: publish"
    command: "npm publish"
    agents:
      queue: deploy
""", [t1, a1, t2])

    t1 = lower_alnum(50)
    add("etc/buildkite-agent/buildkite-agent.cfg", "buildkite-agent-cfg", f"""# The token from your Buildkite "Agents" page
token="{t1}"
name="%hostname-%spawn"
tags="queue=deploy,os=linux"
build-path="/var/lib/buildkite-agent/builds"
hooks-path="/etc/buildkite-agent/hooks"
""", [t1])

    t1 = "bkua_" + g.hex(40)
    add("tools/bk-retry.sh", "buildkite-api-token-curl", f"""#!/bin/bash
BUILD=$1
curl -sS -X PUT -H "Authorization: Bearer {t1}" \\
  "https://api.buildkite.com/v2/organizations/tallowind/pipelines/monorepo/builds/$BUILD/retry"
""", [t1])

    p1, s1 = pw(), "squ_" + g.hex(40)
    add(".teamcity/settings.kts", "teamcity-kotlin-dsl-params", f"""import jetbrains.buildServer.configs.kotlin.*
import jetbrains.buildServer.configs.kotlin.buildSteps.gradle

version = "2023.11"

project {{
    buildType(Build)
    params {{
        param("env.SONAR_TOKEN", "{s1}")
        password("env.NEXUS_PASSWORD", "{p1}", display = ParameterDisplay.HIDDEN)
    }}
}}

object Build : BuildType({{
    name = "Build"
    steps {{
        gradle {{ tasks = "clean build publish" }}
    }}
}})
""", [s1, p1])

    t1 = "eyJ0eXAiOiAiVENWMiJ9." + base64.urlsafe_b64encode(g.alnum(27).encode()).decode().rstrip("=") + "." + \
        base64.urlsafe_b64encode(uuid().encode()).decode().rstrip("=")
    add("scripts/trigger-teamcity.sh", "teamcity-access-token", f"""#!/bin/sh
curl -s -X POST "https://teamcity.tallowind.com/app/rest/buildQueue" \\
  -H "Authorization: Bearer {t1}" \\
  -H "Content-Type: application/xml" \\
  -d '<build><buildType id="Monorepo_Build"/></build>'
""", [t1])

    p1 = pw()
    add("bamboo-specs/bamboo.yml", "bamboo-yaml-specs-variables", f"""---
version: 2
plan:
  project-key: PAY
  key: BUILD
  name: Payments build
variables:
  nexus.user: bamboo-deploy
  nexus.password: {p1}
stages:
  - Build:
      jobs:
        - Package
Package:
  tasks:
    - script:
        - mvn -s settings.xml -Dnexus.password=${{bamboo.nexus.password}} deploy
""", [p1])

    t1, h1 = g.gh_token("ghp_"), g.hex(40)
    add("tekton/secrets.yaml", "tekton-git-basic-auth", f"""apiVersion: v1
kind: Secret
metadata:
  name: git-credentials
  annotations:
    tekton.dev/git-0: https://github.com
type: kubernetes.io/basic-auth
stringData:
  username: tallowind-bot
  password: {t1}
---
apiVersion: v1
kind: Secret
metadata:
  name: github-webhook-secret
stringData:
  secretToken: "{h1}"
""", [t1, h1])

    k1 = "API-" + g.chars(UPPER_ALNUM, r.randint(26, 30))
    add("deploy/octo-push.ps1", "octopus-octo-cli", f"""$version = (Get-Content VERSION).Trim()
dotnet octo pack --id Tallowind.Web --version $version --basePath .\\publish --format zip
dotnet octo push --package ".\\Tallowind.Web.$version.zip" --server https://octopus.tallowind.com --apiKey {k1}
dotnet octo create-release --project "Tallowind Web" --version $version --server https://octopus.tallowind.com --apiKey {k1}
""", [k1])

    t1 = "pat." + g.b64url(22) + "." + g.hex(24) + "." + g.alnum(20)
    add("scripts/harness-trigger.sh", "harness-pat-curl", f"""#!/bin/bash
curl -X POST -H 'Content-Type: application/yaml' \\
  -H 'x-api-key: {t1}' \\
  "https://app.harness.io/pipeline/api/pipeline/execute/deploy_web?accountIdentifier=Xk3pQ9vR2mT7wY1zA8bC4d&orgIdentifier=default&projectIdentifier=web"
""", [t1])

    t1 = base64.b64encode(g.hex(32).encode()).decode()
    add("harness/delegate/docker-compose.yml", "harness-delegate-token", f"""version: "3.7"
services:
  harness-ng-delegate:
    restart: unless-stopped
    image: harness/delegate:24.02.82203
    environment:
      - ACCOUNT_ID=Xk3pQ9vR2mT7wY1zA8bC4d
      - DELEGATE_TOKEN={t1}
      - MANAGER_HOST_AND_PORT=https://app.harness.io
      - DELEGATE_NAME=docker-delegate
""", [t1])

    t1 = "11" + g.hex(32)
    add("tools/jenkins-redeploy.sh", "jenkins-cli-auth", f"""#!/bin/bash
wget -q https://jenkins.tallowind.com/jnlpJars/jenkins-cli.jar
java -jar jenkins-cli.jar -s https://jenkins.tallowind.com/ -auth deploy-bot:{t1} build web-deploy -p ENV=prod -f
""", [t1])

    s1, c1 = g.hex(64), "gto_" + b32l(52)
    add("woodpecker/server.env", "woodpecker-server-env", f"""WOODPECKER_HOST=https://ci.tallowind.com
WOODPECKER_AGENT_SECRET={s1}
WOODPECKER_GITEA=true
WOODPECKER_GITEA_URL=https://git.tallowind.com
WOODPECKER_GITEA_CLIENT={uuid()}
WOODPECKER_GITEA_SECRET={c1}
""", [s1, c1])

    p1, t1 = pw(), g.gh_token("ghp_")
    add("godata/config/cruise-config.xml", "gocd-cruise-config-plain", f"""<?xml version="1.0" encoding="utf-8"?>
<cruise xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="cruise-config.xsd" schemaVersion="139">
  <pipelines group="web">
    <pipeline name="web-build">
      <materials>
        <git url="https://github.com/tallowind/web.git" username="gocd-bot" password="{t1}" branch="main" />
      </materials>
      <environmentvariables>
        <variable name="NEXUS_PASSWORD">
          <value>{p1}</value>
        </variable>
      </environmentvariables>
      <stage name="build">
        <jobs><job name="package"><tasks><exec command="make" /></tasks></job></jobs>
      </stage>
    </pipeline>
  </pipelines>
</cruise>
""", [t1, p1])

    p1, c1 = pw(), b32l(52)
    add("scripts/ado-variable-group.sh", "azure-devops-variable-group-cli", f"""#!/bin/bash
export AZURE_DEVOPS_EXT_PAT={c1}
az devops configure --defaults organization=https://dev.azure.com/tallowind project=Web
az pipelines variable-group create --name web-prod --authorize true \\
  --variables DB_USER=webapp DB_HOST=sql-prod.tallowind.com
az pipelines variable-group variable create --group-id 14 --name DB_PASSWORD --secret true --value '{p1}'
""", [c1, p1])

    t1 = "CCIPAT_" + g.alnum(22) + "_" + g.hex(40)
    add("home/dev/.circleci/cli.yml", "circleci-cli-yml", f"""host: https://circleci.com
endpoint: graphql-unstable
token: {t1}
rest_endpoint: api/v2
tls_cert: ""
""", [t1])

    t1 = pypi_token()
    add("sdk/python/.travis.yml", "travis-deploy-pypi-plain", f"""language: python
python: "3.11"
install: pip install -e .[test]
script: pytest
deploy:
  provider: pypi
  username: __token__
  password: {t1}
  skip_existing: true
  on:
    tags: true
""", [t1])

    # ================================================================ negatives
    add("neg/b18/.yarnrc.yml", "neg-yarnrc-env", """npmScopes:
  brightforge:
    npmRegistryServer: "https://npm.pkg.github.com"
    npmAuthToken: "${NPM_AUTH_TOKEN}"
npmRegistries:
  "https://registry.npmjs.org":
    npmAuthToken: "${NPM_TOKEN:-}"
""", negative=True)

    add("neg/b18/.bazelrc", "neg-bazelrc-credentials-file", """build:remote --remote_cache=grpcs://remote.buildbuddy.io
build:remote --google_credentials=/etc/bazel/service-account.json
build:gcs --remote_cache=https://storage.googleapis.com/kestrel-bazel-cache
build:gcs --google_default_credentials
build:ci --credential_helper=*.buildbuddy.io=%workspace%/tools/credential-helper.sh
try-import %workspace%/user.bazelrc
""", negative=True)

    add("neg/b18/.teamcity/settings.kts", "neg-teamcity-credentials-json", f"""project {{
    params {{
        password("env.NEXUS_PASSWORD", "credentialsJSON:{uuid()}")
        password("env.SONAR_TOKEN", "credentialsJSON:{uuid()}", display = ParameterDisplay.HIDDEN)
        param("env.GRADLE_OPTS", "-Xmx2g")
    }}
}}
""", negative=True)

    add("neg/b18/.travis.yml", "neg-travis-secure", f"""language: python
env:
  global:
    - secure: "{g.b64(256)}"
deploy:
  provider: pypi
  username: __token__
  password:
    secure: "{g.b64(256)}"
""", negative=True)

    add("neg/b18/ci.gocd.yaml", "neg-gocd-secure-variables", f"""format_version: 10
pipelines:
  frontend:
    group: web
    environment_variables:
      NODE_ENV: production
    secure_variables:
      NPM_TOKEN: "AES:{g.b64(16)}:{g.b64(32)}"
    materials:
      repo:
        git: https://github.com/tallowind/frontend.git
""", negative=True)

    add("neg/b18/bamboo-specs/bamboo.yml", "neg-bamboo-encrypted", f"""---
version: 2
plan:
  project-key: PAY
  key: BUILD
  name: Payments build
variables:
  nexus.user: bamboo-deploy
  nexus.password: BAMSCRT@0@0@{g.b64(32)}
""", negative=True)

    add("neg/b18/ci/publish.sh", "neg-poetry-env", """#!/usr/bin/env bash
set -euo pipefail
poetry config http-basic.internal "$INTERNAL_PYPI_USER" "$INTERNAL_PYPI_PASSWORD"
poetry config pypi-token.pypi "${PYPI_TOKEN}"
uv publish --token "$UV_PUBLISH_TOKEN"
""", negative=True)

    add("neg/b18/.buildkite/pipeline.yml", "neg-buildkite-secrets-plugin", """env:
  NODE_ENV: test
steps:
  - label: ":npm: publish"
    command: "npm publish"
    plugins:
      - seek-oss/aws-sm#v2.3.2:
          env:
            NPM_TOKEN: buildkite/npm-token
      - docker-login#v3.0.0:
          username: tallowind
          password-env: DOCKER_LOGIN_PASSWORD
""", negative=True)

    add("neg/b18/ci/conan-upload.sh", "neg-conan-env", """#!/bin/bash
set -e
conan remote login -p "$CONAN_PASSWORD" kestrel "$CONAN_LOGIN_USERNAME"
conan upload "*" -r kestrel -c
""", negative=True)

    add("neg/b18/docs/vcpkg-cache.md", "neg-vcpkg-sas-placeholder", """## Binary caching

Set the source before running CMake:

    VCPKG_BINARY_SOURCES="clear;x-azblob,https://<account>.blob.core.windows.net/<container>,<sas-token>,readwrite"

Generate the SAS token in the portal (Storage account > Shared access signature).
""", negative=True)

    add("neg/b18/bunfig.toml", "neg-bunfig-env", """[install]
registry = { url = "https://registry.npmjs.org/", token = "$NPM_TOKEN" }

[install.scopes]
brightforge = { token = "$BRIGHTFORGE_NPM_TOKEN", url = "https://npm.brightforge.io/" }
""", negative=True)

    add("neg/b18/settings.gradle.kts", "neg-gradle-provider-credentials", """dependencyResolutionManagement {
    repositories {
        maven {
            url = uri("https://nexus.tallowind.com/repository/maven-public/")
            name = "nexus"
            credentials(PasswordCredentials::class)
        }
        maven {
            url = uri("https://gitlab.tallowind.com/api/v4/groups/42/-/packages/maven")
            credentials(HttpHeaderCredentials::class) {
                name = "Job-Token"
                value = System.getenv("CI_JOB_TOKEN")
            }
        }
    }
}
""", negative=True)

    add("neg/b18/conan.lock", "neg-conan-lock-revisions", json.dumps({
        "version": "0.5",
        "requires": ["zlib/1.3.1#%s%%%d.%d" % (g.hex(32), 1700000000 + r.randint(0, 10**7), r.randint(0, 9999)),
                     "openssl/3.2.1#%s%%%d.%d" % (g.hex(32), 1700000000 + r.randint(0, 10**7), r.randint(0, 9999))],
        "build_requires": [], "python_requires": []}, indent=4) + "\n", negative=True)

    add("neg/b18/Dockerfile", "neg-hex-organization-build-arg", """FROM hexpm/elixir:1.16.1-erlang-26.2.2-alpine-3.19.1 AS build
ARG HEX_ORG_KEY
RUN --mount=type=secret,id=hex_key mix hex.organization auth acmeretail --key "$(cat /run/secrets/hex_key)"
RUN mix hex.organization auth acmeretail --key ${HEX_ORG_KEY}
""", negative=True)
