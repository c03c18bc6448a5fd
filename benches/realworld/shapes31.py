"""Thirty-first batch of the real-world set: the modern web full stack.

Written blind (committed before any scanner ran on it) from the frameworks' and platforms'
documented file formats and from how these files are committed in the wild: framework env files
(Next.js `.env.local` / `.env.production`, Nuxt `NUXT_` runtime overrides, SvelteKit `PRIVATE_` /
`PUBLIC_`, Vite `VITE_`), where the browser-exposed variables (`NEXT_PUBLIC_`, `NUXT_PUBLIC_`,
`PUBLIC_`) hold publishable keys and sit unlabelled beside the server-only secrets; auth (Auth.js
v5 `AUTH_*` and an inline config, Clerk with its Svix webhook secret, Better Auth, a Remix cookie
session); backend-as-a-service (Supabase service-role JWTs, new `sb_secret_` keys, pooler URLs,
`supabase/config.toml`, function env files and CLI access tokens; Firebase Admin credentials
inline and as base64; Appwrite `standard_` keys; PocketBase superusers; Hasura admin and JWT
secrets; Convex deploy keys); headless CMSs (Strapi `env()` defaults and API tokens, Payload,
Directus static tokens, Contentful); databases behind ORMs (Prisma schema and Drizzle config with
literal URLs, Neon `npg_` passwords, PlanetScale `pscale_pw_` / `pscale_tkn_`, Turso EdDSA
tokens, Upstash Redis); hosting (`vercel env pull` output and CLI tokens, Netlify
`netlify.toml`, Cloudflare `wrangler.toml` `[vars]`, `.dev.vars`, `wrangler secret put`, Fly.io
`fly.toml` / `fly secrets set` / FlyV1 tokens, Render `render.yaml`, Railway, Deno Deploy, Heroku
`app.json`); and the services a web app wires in (PostHog personal keys, Resend, Stripe route
handlers, Inngest, Trigger.dev, Algolia admin keys, Mapbox `sk.` tokens, UploadThing).

Public values sit unlabelled: anon JWTs, `pk_`/`phc_`/`pk.` keys, Algolia search-only keys,
OAuth client ids, project refs, account and namespace ids. Negatives: the same files with
`process.env`, `import.meta.env`, `$env/static/private`, `env(...)` references, `.env.example`
placeholders, publishable keys only, `generateValue`/`generator: secret`, `@secret` references and
docs.
"""

import base64
import json
import string
import subprocess

from shapes import B62

LOWER = string.ascii_lowercase
B64C = B62 + "+/"
B64U = B62 + "-_"


def build_thirtyfirst(g, add):
    r = g.r

    def pw():
        """A password that survives shell, YAML, TOML and URL quoting."""
        return "".join(c for c in g.password() if c not in '\'"\\`$<>&#%; ,!@:/?=+*{}[]|^~')

    def b64n(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def jwt(claims, alg="HS256", siglen=43):
        head = b64n(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
        body = b64n(json.dumps(claims, separators=(",", ":")).encode())
        return "%s.%s.%s" % (head, body, g.b64url(siglen))

    def now():
        return 1700000000 + r.randint(0, 40000000)

    def supa_ref():
        return g.chars(LOWER, 20)

    def supa_jwt(ref, role):
        t = now()
        return jwt({"iss": "supabase", "ref": ref, "role": role, "iat": t, "exp": t + 315360000})

    def sb_secret():
        return "sb_secret_" + g.chars(B64U, 22) + "_" + g.alnum(8)

    def sb_publishable():
        return "sb_publishable_" + g.chars(B64U, 22) + "_" + g.alnum(8)

    def sbp():
        return "sbp_" + g.hex(40)

    def authsecret():
        return g.b64(32)

    def gh_client_id():
        return "Ov23li" + g.alnum(14)

    def google_client_id():
        return "%d-%s.apps.googleusercontent.com" % (r.randint(10**11, 10**12 - 1), g.chars(LOWER + string.digits, 32))

    def gocspx():
        return "GOCSPX-" + g.chars(B64U, 28)

    def clerk_pk(host):
        return "pk_live_" + base64.b64encode((host + "$").encode()).decode().rstrip("=")

    def clerk_sk():
        return "sk_live_" + g.alnum(42)

    def svix():
        return "whsec_" + g.b64(24)

    def stripe_sk():
        return "sk_live_51" + g.alnum(14) + g.alnum(83)

    def stripe_pk():
        return "pk_live_51" + g.alnum(14) + g.alnum(83)

    def stripe_whsec():
        return "whsec_" + g.alnum(32)

    def resend():
        return "re_" + g.alnum(8) + "_" + g.alnum(24)

    def openai():
        return "sk-proj-" + g.chars(B64U, 74) + "T3BlbkFJ" + g.chars(B64U, 74)

    def neon_host(pooler=False):
        words = ["cool", "wild", "silent", "broad", "dark", "misty", "young", "holy"]
        nouns = ["sound", "fog", "meadow", "river", "sun", "leaf", "butterfly", "wave"]
        base = "ep-%s-%s-%s" % (r.choice(words), r.choice(nouns), g.chars(LOWER + string.digits, 8))
        return base + ("-pooler" if pooler else "") + "." + r.choice(["us-east-2", "eu-central-1"]) + ".aws.neon.tech"

    def npg():
        return "npg_" + g.alnum(12)

    def pscale_pw():
        return "pscale_pw_" + g.chars(B64U, 43)

    def turso_token():
        return jwt({"a": "rw", "iat": now(), "id": g.uuid4()}, alg="EdDSA", siglen=86)

    def upstash_token():
        return "A" + g.alnum(3) + "AAIjcD" + g.chars(B62, 70)

    def convex_key(env):
        name = "%s-%s-%d" % (r.choice(["happy", "quiet", "brazen", "fleet", "tame"]),
                             r.choice(["otter", "lynx", "heron", "badger", "jaguar"]), r.randint(100, 999))
        inner = base64.b64encode(json.dumps({"v2": g.hex(32)}, separators=(",", ":")).encode()).decode()
        return "%s:%s|%s" % (env, name, inner), name

    def cfpat():
        return "CFPAT-" + g.chars(B64U, 43)

    def phx():
        return "phx_" + g.alnum(47)

    def phc():
        return "phc_" + g.alnum(43)

    def mapbox(kind, user):
        body = b64n(json.dumps({"u": user, "a": g.chars(LOWER + string.digits, 25)}, separators=(",", ":")).encode())
        return "%s.%s.%s" % (kind, body, g.b64url(22))

    def flyv1():
        seg1 = "fm2_lJPE" + g.chars(B64C, 240)
        seg2 = "fm2_lJPE" + g.chars(B64C, 180)
        return "FlyV1 " + seg1 + "," + seg2

    def openssl_p8():
        try:
            out = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
                                 capture_output=True, check=True)
            return out.stdout.decode().strip() or None
        except (OSError, subprocess.CalledProcessError):
            return None

    # ================================================================ Next.js env files
    ref = supa_ref()
    anon, srv = supa_jwt(ref, "anon"), supa_jwt(ref, "service_role")
    dbpw = pw()
    pooler = "postgresql://postgres.%s:%s@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?pgbouncer=true" % (ref, dbpw)
    direct = "postgresql://postgres.%s:%s@aws-0-eu-central-1.pooler.supabase.com:5432/postgres" % (ref, dbpw)
    add("apps/planner/.env.local", "nextjs-env-local-supabase", f"""# Supabase (Project Settings > API)
NEXT_PUBLIC_SUPABASE_URL=https://{ref}.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY={anon}
SUPABASE_SERVICE_ROLE_KEY={srv}

# Prisma: transaction pooler for the app, session pooler for migrations
DATABASE_URL="{pooler}"
DIRECT_URL="{direct}"

NEXT_PUBLIC_SITE_URL=http://localhost:3000
""", [srv, pooler, direct])

    cpk, csk, cwh = clerk_pk("clerk.tallyroom.io"), clerk_sk(), svix()
    add("tallyroom/.env.local", "clerk-nextjs-env-local", f"""NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY={cpk}
CLERK_SECRET_KEY={csk}
CLERK_WEBHOOK_SIGNING_SECRET={cwh}

NEXT_PUBLIC_CLERK_SIGN_IN_URL=/sign-in
NEXT_PUBLIC_CLERK_SIGN_UP_URL=/sign-up
NEXT_PUBLIC_CLERK_AFTER_SIGN_IN_URL=/dashboard
""", [csk, cwh])

    a1, ghs, gos, rk = authsecret(), g.hex(40), gocspx(), resend()
    add("apps/web/.env.production", "authjs-v5-env-production", f"""# Auth.js v5 (npx auth secret)
AUTH_SECRET="{a1}"
AUTH_TRUST_HOST=true
AUTH_URL=https://app.quillstack.dev

AUTH_GITHUB_ID={gh_client_id()}
AUTH_GITHUB_SECRET={ghs}
AUTH_GOOGLE_ID={google_client_id()}
AUTH_GOOGLE_SECRET={gos}

# magic links
AUTH_RESEND_KEY={rk}
EMAIL_FROM="Quillstack <login@quillstack.dev>"
""", [a1, ghs, gos, rk])

    bas, nh, npw, gcs = g.alnum(32), neon_host(pooler=True), npg(), g.hex(40)
    nurl = "postgresql://neondb_owner:%s@%s/neondb?sslmode=require" % (npw, nh)
    add("apps/notes/.env", "better-auth-neon-env", f"""BETTER_AUTH_SECRET={bas}
BETTER_AUTH_URL=http://localhost:3000

DATABASE_URL={nurl}

GITHUB_CLIENT_ID={gh_client_id()}
GITHUB_CLIENT_SECRET={gcs}
""", [bas, nurl, gcs])

    gid, gsec, asec = gh_client_id(), g.hex(40), authsecret()
    add("apps/forum/src/auth.ts", "authjs-config-inline-secrets", f"""import NextAuth from "next-auth"
import GitHub from "next-auth/providers/github"
import {{ PrismaAdapter }} from "@auth/prisma-adapter"
import {{ prisma }} from "@/lib/prisma"

export const {{ handlers, signIn, signOut, auth }} = NextAuth({{
  adapter: PrismaAdapter(prisma),
  secret: "{asec}",
  providers: [
    GitHub({{
      clientId: "{gid}",
      clientSecret: "{gsec}",
    }}),
  ],
  session: {{ strategy: "database" }},
}})
""", [asec, gsec])

    # ================================================================ other frameworks' env files
    nsp, ngs, nsk = g.alnum(40), g.hex(40), stripe_sk()
    add("shopfront/.env", "nuxt-runtime-env-overrides", f"""# nuxt-auth-utils: at least 32 characters
NUXT_SESSION_PASSWORD={nsp}
NUXT_OAUTH_GITHUB_CLIENT_ID={gh_client_id()}
NUXT_OAUTH_GITHUB_CLIENT_SECRET={ngs}

NUXT_STRIPE_SECRET_KEY={nsk}
NUXT_PUBLIC_STRIPE_KEY={stripe_pk()}
NUXT_PUBLIC_POSTHOG_KEY={phc()}
NUXT_PUBLIC_POSTHOG_HOST=https://eu.i.posthog.com
""", [nsp, ngs, nsk])

    tt, dsec = turso_token(), g.chars(B64U, 32)
    add("apps/guild/.env", "sveltekit-private-public-env", f"""PUBLIC_APP_NAME="Guildhall"
PUBLIC_BASE_URL=https://guildhall.gg

PRIVATE_TURSO_DATABASE_URL=libsql://guildhall-prod-mirelle.turso.io
PRIVATE_TURSO_AUTH_TOKEN={tt}

AUTH_DISCORD_ID={r.randint(10**17, 10**18 - 1)}
AUTH_DISCORD_SECRET={dsec}
""", [tt, dsec])

    ok = openai()
    add("widgets/chatbox/.env.production", "vite-env-client-secret", f"""VITE_API_BASE=https://api.chatbox-widget.app
VITE_STRIPE_PUBLISHABLE_KEY={stripe_pk()}
VITE_OPENAI_API_KEY={ok}
VITE_ENABLE_ANALYTICS=true
""", [ok])

    s1, s2 = g.chars(B64U, 40), g.chars(B64U, 40)
    add("app/sessions.server.ts", "remix-cookie-session-secrets", f"""import {{ createCookieSessionStorage }} from "@remix-run/node";

type SessionData = {{ userId: string }};
type SessionFlashData = {{ error: string }};

const {{ getSession, commitSession, destroySession }} =
  createCookieSessionStorage<SessionData, SessionFlashData>({{
    cookie: {{
      name: "__session",
      httpOnly: true,
      maxAge: 60 * 60 * 24 * 30,
      path: "/",
      sameSite: "lax",
      secrets: ["{s1}", "{s2}"],
      secure: true,
    }},
  }});

export {{ getSession, commitSession, destroySession }};
""", [s1])

    # ================================================================ Supabase
    ref = supa_ref()
    ghsec, smtp_pw = g.hex(40), "SG." + g.chars(B64U, 22) + "." + g.chars(B64U, 43)
    add("supabase/config.toml", "supabase-config-toml-literals", f"""project_id = "{ref}"

[api]
enabled = true
port = 54321
schemas = ["public", "graphql_public"]

[auth]
enabled = true
site_url = "http://127.0.0.1:3000"
additional_redirect_urls = ["https://kettle.so/auth/callback"]
jwt_expiry = 3600

[auth.email.smtp]
enabled = true
host = "smtp.sendgrid.net"
port = 587
user = "apikey"
pass = "{smtp_pw}"
admin_email = "auth@kettle.so"
sender_name = "Kettle"

[auth.external.github]
enabled = true
client_id = "{gh_client_id()}"
secret = "{ghsec}"
redirect_uri = ""
""", [smtp_pw, ghsec])

    sbs, fsk = sb_secret(), stripe_sk()
    add("supabase/functions/.env", "supabase-functions-env", f"""SB_PUBLISHABLE_KEY={sb_publishable()}
SB_SECRET_KEY={sbs}
STRIPE_API_KEY={fsk}
""", [sbs, fsk])

    at, dbp2, oai = sbp(), pw(), openai()
    add(".github/workflows/supabase-deploy.yml", "supabase-cli-ci-tokens", f"""name: Deploy Supabase

on:
  push:
    branches: [main]
    paths: ["supabase/**"]

jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      SUPABASE_ACCESS_TOKEN: {at}
      SUPABASE_DB_PASSWORD: {dbp2}
      SUPABASE_PROJECT_ID: {supa_ref()}
    steps:
      - uses: actions/checkout@v4
      - uses: supabase/setup-cli@v1
        with:
          version: latest
      - run: supabase link --project-ref $SUPABASE_PROJECT_ID
      - run: supabase db push
      - run: supabase secrets set OPENAI_API_KEY={oai}
      - run: supabase functions deploy --no-verify-jwt
""", [at, dbp2, oai])

    ref = supa_ref()
    srv2 = supa_jwt(ref, "service_role")
    add("apps/planner/lib/supabase/admin.ts", "supabase-js-admin-client-literal", f"""import {{ createClient }} from '@supabase/supabase-js'
import type {{ Database }} from '@/types/supabase'

// service client for route handlers and cron jobs only: bypasses RLS
export const supabaseAdmin = createClient<Database>(
  'https://{ref}.supabase.co',
  '{srv2}',
  {{ auth: {{ persistSession: false, autoRefreshToken: false }} }}
)
""", [srv2])

    # ================================================================ Firebase Admin in a web app
    key = openssl_p8()
    if key:
        esc = key.replace("\n", "\\n") + "\\n"
        add("apps/market/lib/firebase-admin.ts", "firebase-admin-cert-inline", f"""import {{ cert, getApps, initializeApp }} from "firebase-admin/app";
import {{ getFirestore }} from "firebase-admin/firestore";

const app =
  getApps()[0] ??
  initializeApp({{
    credential: cert({{
      projectId: "market-square-4f2a1",
      clientEmail: "firebase-adminsdk-x1qzt@market-square-4f2a1.iam.gserviceaccount.com",
      privateKey: "{esc}",
    }}),
  }});

export const adminDb = getFirestore(app);
""", [esc[:80]])

    key = openssl_p8()
    if key:
        sa = json.dumps({"type": "service_account", "project_id": "relay-notify-prod",
                         "private_key_id": g.hex(40), "private_key": key + "\n",
                         "client_email": "firebase-adminsdk-9lk2p@relay-notify-prod.iam.gserviceaccount.com",
                         "client_id": str(r.randint(10**20, 10**21 - 1)),
                         "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                         "token_uri": "https://oauth2.googleapis.com/token"}, indent=2)
        sab = base64.b64encode(sa.encode()).decode()
        add("apps/relay/.env.production", "firebase-service-account-base64-env", f"""NEXT_PUBLIC_FIREBASE_PROJECT_ID=relay-notify-prod
FIREBASE_SERVICE_ACCOUNT_BASE64={sab}
""", [sab])

    # ================================================================ Appwrite, PocketBase, Hasura, Convex
    awk = "standard_" + g.hex(256)
    add("apps/bookings/.env.local", "appwrite-api-key-env", f"""NEXT_PUBLIC_APPWRITE_ENDPOINT=https://fra.cloud.appwrite.io/v1
NEXT_PUBLIC_APPWRITE_PROJECT={g.hex(20)}
APPWRITE_API_KEY={awk}
APPWRITE_DATABASE_ID=bookings
""", [awk])

    pbp = pw()
    add("scripts/seed-pocketbase.mjs", "pocketbase-superuser-auth-script", f"""import PocketBase from 'pocketbase';
import {{ readFile }} from 'node:fs/promises';

const pb = new PocketBase('https://pb.larder.app');
await pb.collection('_superusers').authWithPassword('ops@larder.app', '{pbp}');

const recipes = JSON.parse(await readFile(new URL('./recipes.json', import.meta.url)));
for (const recipe of recipes) {{
  await pb.collection('recipes').create(recipe);
}}
console.log(`seeded ${{recipes.length}} recipes`);
""", [pbp])

    has, hjk, hpg = g.alnum(32), g.chars(B62, 48), pw()
    hjwt = '{"type":"HS256","key":"%s"}' % hjk
    add("hasura/docker-compose.yml", "hasura-compose-admin-jwt-secret", f"""services:
  postgres:
    image: postgres:16
    restart: always
    volumes:
      - db_data:/var/lib/postgresql/data
    environment:
      POSTGRES_PASSWORD: {hpg}
  graphql-engine:
    image: hasura/graphql-engine:v2.44.0
    ports:
      - "8080:8080"
    restart: always
    environment:
      HASURA_GRAPHQL_METADATA_DATABASE_URL: postgres://postgres:{hpg}@postgres:5432/postgres
      HASURA_GRAPHQL_ENABLE_CONSOLE: "true"
      HASURA_GRAPHQL_DEV_MODE: "false"
      HASURA_GRAPHQL_ADMIN_SECRET: {has}
      HASURA_GRAPHQL_JWT_SECRET: '{hjwt}'
      HASURA_GRAPHQL_UNAUTHORIZED_ROLE: anonymous
    depends_on:
      - postgres
volumes:
  db_data:
""", [hpg, has, hjk])

    has2 = g.alnum(40)
    add("hasura/config.yaml", "hasura-cli-config-admin-secret", f"""version: 3
endpoint: https://graphql.fieldwork.app
admin_secret: {has2}
metadata_directory: metadata
actions:
  kind: synchronous
  handler_webhook_baseurl: http://localhost:3000
""", [has2])

    cdk, cname = convex_key("prod")
    add(".github/workflows/convex.yml", "convex-deploy-key-workflow", f"""name: Deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - name: Deploy Convex functions and build
        env:
          CONVEX_DEPLOY_KEY: "{cdk}"
          NEXT_PUBLIC_CONVEX_URL: https://{cname}.convex.cloud
        run: npx convex deploy --cmd 'npm run build'
""", [cdk])

    # ================================================================ headless CMSs
    ajs, ats, tts = g.b64(16), g.b64(16), g.b64(16)
    add("cms/config/admin.ts", "strapi-admin-env-defaults", f"""export default ({{ env }}) => ({{
  auth: {{
    secret: env('ADMIN_JWT_SECRET', '{ajs}'),
  }},
  apiToken: {{
    salt: env('API_TOKEN_SALT', '{ats}'),
  }},
  transfer: {{
    token: {{
      salt: env('TRANSFER_TOKEN_SALT', '{tts}'),
    }},
  }},
  flags: {{
    nps: env.bool('FLAG_NPS', true),
  }},
}});
""", [ajs, ats, tts])

    sat = g.hex(256)
    add("web/lib/strapi.ts", "strapi-api-token-fetch", f"""const STRAPI_URL = 'https://cms.olivegrove.co';
const STRAPI_TOKEN = '{sat}';

export async function fetchAPI<T>(path: string, params: Record<string, string> = {{}}): Promise<T> {{
  const qs = new URLSearchParams(params).toString();
  const res = await fetch(`${{STRAPI_URL}}/api${{path}}?${{qs}}`, {{
    headers: {{ Authorization: `Bearer ${{STRAPI_TOKEN}}` }},
    next: {{ revalidate: 60 }},
  }});
  if (!res.ok) throw new Error(`Strapi ${{res.status}}`);
  return res.json();
}}
""", [sat])

    pls, mpw = g.hex(24), g.url_password()
    murl = "mongodb+srv://payload:%s@cluster0.%s.mongodb.net/lumen?retryWrites=true&w=majority" % (mpw, g.chars(LOWER + string.digits, 5))
    add("src/payload.config.ts", "payload-config-secret-fallback", f"""import {{ buildConfig }} from 'payload'
import {{ mongooseAdapter }} from '@payloadcms/db-mongodb'
import {{ lexicalEditor }} from '@payloadcms/richtext-lexical'
import path from 'path'
import {{ fileURLToPath }} from 'url'
import {{ Users }} from './collections/Users'
import {{ Media }} from './collections/Media'

const dirname = path.dirname(fileURLToPath(import.meta.url))

export default buildConfig({{
  admin: {{ user: Users.slug }},
  collections: [Users, Media],
  editor: lexicalEditor(),
  secret: process.env.PAYLOAD_SECRET || '{pls}',
  typescript: {{ outputFile: path.resolve(dirname, 'payload-types.ts') }},
  db: mongooseAdapter({{
    url: process.env.DATABASE_URI || '{murl}',
  }}),
}})
""", [pls, murl])

    dst = g.b64url(32)
    add("frontend/src/lib/directus.ts", "directus-sdk-static-token", f"""import {{ createDirectus, rest, staticToken }} from '@directus/sdk';

type Schema = {{ posts: Post[]; authors: Author[] }};

const directus = createDirectus<Schema>('https://content.tidewater.org')
  .with(staticToken('{dst}'))
  .with(rest());

export default directus;
""", [dst])

    cat, cmt = g.b64url(43), cfpat()
    add("blog/.env.local", "contentful-nextjs-env", f"""CONTENTFUL_SPACE_ID={g.chars(LOWER + string.digits, 12)}
CONTENTFUL_ACCESS_TOKEN={cat}
CONTENTFUL_MANAGEMENT_TOKEN={cmt}
CONTENTFUL_ENVIRONMENT=master
""", [cat, cmt])

    # ================================================================ ORMs and serverless databases
    nh, np2 = neon_host(pooler=True), npg()
    purl = "postgresql://app_owner:%s@%s/app?sslmode=require" % (np2, nh)
    durl = "postgresql://app_owner:%s@%s/app?sslmode=require" % (np2, nh.replace("-pooler", ""))
    add("prisma/schema.prisma", "prisma-schema-literal-url", f"""generator client {{
  provider = "prisma-client-js"
}}

datasource db {{
  provider  = "postgresql"
  url       = "{purl}"
  directUrl = "{durl}"
}}

model User {{
  id        String   @id @default(cuid())
  email     String   @unique
  name      String?
  createdAt DateTime @default(now())
}}
""", [purl, durl])

    tt2 = turso_token()
    add("drizzle.config.ts", "drizzle-config-turso-token", f"""import {{ defineConfig }} from 'drizzle-kit';

export default defineConfig({{
  schema: './src/db/schema.ts',
  out: './drizzle',
  dialect: 'turso',
  dbCredentials: {{
    url: 'libsql://ledgerline-prod-kabir.aws-eu-west-1.turso.io',
    authToken: '{tt2}',
  }},
}});
""", [tt2])

    psu, ppw = g.chars(LOWER + string.digits, 12), pscale_pw()
    ptid, ptk = g.chars(LOWER + string.digits, 12), "pscale_tkn_" + g.chars(B64U, 43)
    psurl = "mysql://%s:%s@aws.connect.psdb.cloud/storefront?sslaccept=strict" % (psu, ppw)
    add("storefront/.env", "planetscale-env-url-and-service-token", f"""DATABASE_URL='{psurl}'
PLANETSCALE_ORG=storefront-inc
PLANETSCALE_SERVICE_TOKEN_ID={ptid}
PLANETSCALE_SERVICE_TOKEN={ptk}
""", [psurl, ptk])

    ut = upstash_token()
    add("apps/web/lib/ratelimit.ts", "upstash-redis-ratelimit-literal", f"""import {{ Ratelimit }} from "@upstash/ratelimit";
import {{ Redis }} from "@upstash/redis";

const redis = new Redis({{
  url: "https://sharp-marmot-{r.randint(10000, 99999)}.upstash.io",
  token: "{ut}",
}});

export const ratelimit = new Ratelimit({{
  redis,
  limiter: Ratelimit.slidingWindow(10, "10 s"),
  analytics: true,
  prefix: "@upstash/ratelimit",
}});
""", [ut])

    # ================================================================ Vercel, Netlify
    pgpw = g.alnum(12)
    blob = "vercel_blob_rw_%s_%s" % (g.alnum(16), g.alnum(30))
    pgh = neon_host()
    oidc = jwt({"iss": "https://oidc.vercel.com/acme-web", "sub": "owner:acme-web:project:storefront:environment:development",
                "aud": "https://vercel.com/acme-web", "owner": "acme-web", "project": "storefront",
                "environment": "development", "iat": now(), "exp": now() + 43200}, alg="RS256", siglen=342)
    pgurl = "postgres://default:%s@%s:5432/verceldb?sslmode=require" % (pgpw, pgh.replace(".aws", "-pooler.aws"))
    add("storefront/.env.development.local", "vercel-env-pull-storage", f"""# Created by Vercel CLI
BLOB_READ_WRITE_TOKEN="{blob}"
NX_DAEMON="false"
POSTGRES_DATABASE="verceldb"
POSTGRES_HOST="{pgh}"
POSTGRES_PASSWORD="{pgpw}"
POSTGRES_URL="{pgurl}"
POSTGRES_USER="default"
TURBO_CACHE="remote:rw"
VERCEL="1"
VERCEL_ENV="development"
VERCEL_OIDC_TOKEN="{oidc}"
VERCEL_TARGET_ENV="development"
""", [blob, pgpw, pgurl, oidc])

    vt = g.alnum(24)
    add(".github/workflows/preview.yml", "vercel-cli-token-workflow", f"""name: Vercel Preview Deployment
env:
  VERCEL_ORG_ID: team_{g.alnum(24)}
  VERCEL_PROJECT_ID: prj_{g.alnum(28)}
on:
  push:
    branches-ignore:
      - main
jobs:
  Deploy-Preview:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install Vercel CLI
        run: npm install --global vercel@latest
      - name: Deploy to Vercel
        run: vercel deploy --yes --token={vt}
""", [vt])

    nsk2, nalg = stripe_sk(), g.hex(32)
    add("netlify.toml", "netlify-toml-context-environment", f"""[build]
  command = "npm run build"
  publish = ".next"

[build.environment]
  NODE_VERSION = "20"
  NEXT_PUBLIC_SITE_URL = "https://paperlantern.shop"

[context.production.environment]
  STRIPE_SECRET_KEY = "{nsk2}"
  ALGOLIA_ADMIN_KEY = "{nalg}"
  ALGOLIA_APP_ID = "{g.chars(string.ascii_uppercase + string.digits, 10)}"

[[plugins]]
  package = "@netlify/plugin-nextjs"
""", [nsk2, nalg])

    # ================================================================ Cloudflare
    wjs, wat = g.alnum(48), g.chars(B64U, 40)
    add("workers/api/wrangler.toml", "wrangler-toml-vars-secrets", f"""name = "tidepool-api"
main = "src/index.ts"
compatibility_date = "2024-09-23"
compatibility_flags = ["nodejs_compat"]

[vars]
ENVIRONMENT = "production"
JWT_SECRET = "{wjs}"
UPSTREAM_API_KEY = "{wat}"

[[kv_namespaces]]
binding = "CACHE"
id = "{g.hex(32)}"

[[d1_databases]]
binding = "DB"
database_name = "tidepool"
database_id = "{g.uuid4()}"
""", [wjs, wat])

    dws, drk, dss = stripe_whsec(), resend(), g.hex(64)
    add("workers/api/.dev.vars", "wrangler-dev-vars", f"""STRIPE_WEBHOOK_SECRET="{dws}"
RESEND_API_KEY="{drk}"
SESSION_SECRET="{dss}"
""", [dws, drk, dss])

    cft, wsk = g.chars(B64U, 40), stripe_sk()
    add("scripts/deploy-worker.sh", "cloudflare-token-wrangler-secret-put", f"""#!/usr/bin/env bash
set -euo pipefail

export CLOUDFLARE_API_TOKEN={cft}
export CLOUDFLARE_ACCOUNT_ID={g.hex(32)}

npx wrangler deploy --env production
echo "{wsk}" | npx wrangler secret put STRIPE_SECRET_KEY --env production
""", [cft, wsk])

    # ================================================================ Fly.io, Render, Railway, Deno, Heroku
    skb, fpw = g.hex(128), pw()
    fdb = "postgres://kiln:%s@kiln-db.flycast:5432/kiln?sslmode=disable" % fpw
    add("fly.toml", "fly-toml-env-secrets", f"""app = "kiln-web"
primary_region = "ams"

[build]

[env]
  PHX_HOST = "kiln-web.fly.dev"
  PORT = "8080"
  SECRET_KEY_BASE = "{skb}"
  DATABASE_URL = "{fdb}"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  min_machines_running = 0
""", [skb, fdb])

    fss, fmk = g.b64(48), "key-" + g.hex(32)
    add("bin/fly-setup.sh", "flyctl-secrets-set-script", f"""#!/bin/sh
# one-off: create the app and its secrets
fly apps create brickyard-api
fly secrets set -a brickyard-api \\
  SESSION_SECRET={fss} \\
  MAILGUN_API_KEY={fmk} \\
  LOG_LEVEL=info
fly deploy -a brickyard-api --ha=false
""", [fss, fmk])

    ft = flyv1()
    add(".github/workflows/fly-deploy.yml", "fly-api-token-workflow", f"""name: Fly Deploy
on:
  push:
    branches:
      - main
jobs:
  deploy:
    name: Deploy app
    runs-on: ubuntu-latest
    concurrency: deploy-group
    steps:
      - uses: actions/checkout@v4
      - uses: superfly/flyctl-actions/setup-flyctl@master
      - run: flyctl deploy --remote-only
        env:
          FLY_API_TOKEN: "{ft}"
""", [ft[:80]])

    rjs, rsk = g.alnum(40), stripe_sk()
    add("render.yaml", "render-yaml-envvars-literal", f"""services:
  - type: web
    name: atlas-api
    runtime: node
    plan: starter
    buildCommand: npm ci && npm run build
    startCommand: npm start
    envVars:
      - key: NODE_ENV
        value: production
      - key: JWT_SECRET
        value: {rjs}
      - key: STRIPE_SECRET_KEY
        value: {rsk}
      - key: SESSION_KEY
        generateValue: true
      - key: DATABASE_URL
        fromDatabase:
          name: atlas-db
          property: connectionString
""", [rjs, rsk])

    rwt, rwj = g.uuid4(), g.alnum(48)
    add(".github/workflows/railway.yml", "railway-token-cli-variables", f"""name: Deploy to Railway
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    container: ghcr.io/railwayapp/cli:latest
    env:
      RAILWAY_TOKEN: {rwt}
      SVC_ID: {g.uuid4()}
    steps:
      - uses: actions/checkout@v4
      - run: railway variables --service=${{{{ env.SVC_ID }}}} --set "JWT_SECRET={rwj}" --skip-deploys
      - run: railway up --service=${{{{ env.SVC_ID }}}}
""", [rwt, rwj])

    ddp = "ddp_" + g.alnum(36)
    add("deno.json", "deno-deploy-token-task", json.dumps({
        "tasks": {"dev": "deno run --watch --allow-net --allow-env main.ts",
                  "deploy": "deployctl deploy --project=shortlink-edge --prod --token=%s main.ts" % ddp},
        "imports": {"@std/http": "jsr:@std/http@^1.0.0", "@oak/oak": "jsr:@oak/oak@^17"}}, indent=2) + "\n", [ddp])

    hsk, hsg = g.hex(64), "SG." + g.chars(B64U, 22) + "." + g.chars(B64U, 43)
    add("app.json", "heroku-app-json-env-values", json.dumps({
        "name": "Lantern Board", "repository": "https://github.com/lanternlabs/board",
        "env": {"SECRET_KEY_BASE": {"description": "Rails secret", "value": hsk},
                "SENDGRID_API_KEY": {"description": "mail", "value": hsg},
                "SESSION_SECRET": {"description": "cookie signing", "generator": "secret"},
                "RAILS_ENV": {"value": "production"}},
        "addons": ["heroku-postgresql:essential-0"],
        "buildpacks": [{"url": "heroku/ruby"}]}, indent=2) + "\n", [hsk, hsg])

    # ================================================================ services a web app wires in
    ph = phx()
    add("scripts/export-feature-usage.ts", "posthog-node-personal-api-key", f"""import {{ PostHog }} from 'posthog-node'

const client = new PostHog('{phc()}', {{
  host: 'https://eu.i.posthog.com',
  personalApiKey: '{ph}',
  featureFlagsPollingInterval: 30000,
}})

const flags = await client.getAllFlags('report-bot')
console.log(JSON.stringify(flags, null, 2))
await client.shutdown()
""", [ph])

    rk2 = resend()
    add("app/api/contact/route.ts", "resend-route-handler-literal", f"""import {{ Resend }} from 'resend';
import {{ NextResponse }} from 'next/server';

const resend = new Resend('{rk2}');

export async function POST(req: Request) {{
  const {{ name, email, message }} = await req.json();
  const {{ error }} = await resend.emails.send({{
    from: 'Contact <hello@brightloom.studio>',
    to: ['team@brightloom.studio'],
    replyTo: email,
    subject: `New message from ${{name}}`,
    text: message,
  }});
  if (error) return NextResponse.json({{ error }}, {{ status: 500 }});
  return NextResponse.json({{ ok: true }});
}}
""", [rk2])

    ssk2, swh = stripe_sk(), stripe_whsec()
    add("app/api/webhooks/stripe/route.ts", "stripe-webhook-route-handler", f"""import Stripe from "stripe";
import {{ headers }} from "next/headers";

const stripe = new Stripe("{ssk2}", {{ apiVersion: "2024-06-20" }});
const endpointSecret = "{swh}";

export async function POST(req: Request) {{
  const body = await req.text();
  const sig = (await headers()).get("stripe-signature")!;
  let event: Stripe.Event;
  try {{
    event = stripe.webhooks.constructEvent(body, sig, endpointSecret);
  }} catch (err) {{
    return new Response(`Webhook Error: ${{(err as Error).message}}`, {{ status: 400 }});
  }}
  if (event.type === "checkout.session.completed") {{
    // fulfil the order
  }}
  return new Response(null, {{ status: 200 }});
}}
""", [ssk2, swh])

    iek, isk, trk = g.b64url(86), "signkey-prod-" + g.hex(64), "tr_prod_" + g.alnum(20)
    add("apps/worker/.env.production", "inngest-trigger-env", f"""INNGEST_EVENT_KEY={iek}
INNGEST_SIGNING_KEY={isk}
TRIGGER_SECRET_KEY={trk}
TRIGGER_API_URL=https://api.trigger.dev
""", [iek, isk, trk])

    aak, msk = g.hex(32), mapbox("sk", "trailhead")
    add("apps/maps/.env.local", "algolia-mapbox-public-and-secret", f"""NEXT_PUBLIC_ALGOLIA_APP_ID={g.chars(string.ascii_uppercase + string.digits, 10)}
NEXT_PUBLIC_ALGOLIA_SEARCH_API_KEY={g.hex(32)}
ALGOLIA_ADMIN_API_KEY={aak}
NEXT_PUBLIC_ALGOLIA_INDEX_NAME=trails

NEXT_PUBLIC_MAPBOX_TOKEN={mapbox("pk", "trailhead")}
# tileset uploads (scripts/upload-tiles.ts)
MAPBOX_SECRET_TOKEN={msk}
""", [aak, msk])

    utk = base64.b64encode(json.dumps({"apiKey": "sk_live_" + g.hex(64), "appId": g.chars(LOWER + string.digits, 10),
                                       "regions": ["sea1"]}, separators=(",", ":")).encode()).decode()
    add("apps/gallery/.env", "uploadthing-token-env", f"""UPLOADTHING_TOKEN='{utk}'
""", [utk])

    # ================================================================ negatives
    add("neg/b31/apps/planner/.env.example", "neg-nextjs-env-example", """# Copy to .env.local and fill in from the Supabase dashboard
NEXT_PUBLIC_SUPABASE_URL=https://your-project-ref.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY=your-anon-key
SUPABASE_SERVICE_ROLE_KEY=your-service-role-key
DATABASE_URL="postgresql://postgres.[PROJECT-REF]:[YOUR-PASSWORD]@aws-0-[REGION].pooler.supabase.com:6543/postgres"

CLERK_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
CLERK_WEBHOOK_SIGNING_SECRET=whsec_...
AUTH_SECRET= # npx auth secret
STRIPE_SECRET_KEY=sk_live_...
RESEND_API_KEY=re_123456789
UPSTASH_REDIS_REST_TOKEN=
""", negative=True)

    add("neg/b31/apps/web/lib/clients.ts", "neg-process-env-lookups", """import { createClient } from "@supabase/supabase-js";
import Stripe from "stripe";
import { Resend } from "resend";
import { Redis } from "@upstash/redis";

export const supabaseAdmin = createClient(
  process.env.NEXT_PUBLIC_SUPABASE_URL!,
  process.env.SUPABASE_SERVICE_ROLE_KEY!,
);
export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: "2024-06-20" });
export const resend = new Resend(process.env.RESEND_API_KEY);
export const redis = new Redis({
  url: process.env.UPSTASH_REDIS_REST_URL!,
  token: process.env.UPSTASH_REDIS_REST_TOKEN!,
});
const endpointSecret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
""", negative=True)

    add("neg/b31/apps/guild/src/lib/server/db.ts", "neg-sveltekit-vite-env-imports", """import { createClient } from '@libsql/client';
import { PRIVATE_TURSO_AUTH_TOKEN, PRIVATE_TURSO_DATABASE_URL } from '$env/static/private';
import { env } from '$env/dynamic/private';

export const db = createClient({
  url: PRIVATE_TURSO_DATABASE_URL,
  authToken: PRIVATE_TURSO_AUTH_TOKEN,
});

export const apiBase = import.meta.env.VITE_API_BASE;
export const sessionSecret = env.SESSION_SECRET;
""", negative=True)

    ref = supa_ref()
    add("neg/b31/apps/catalog/.env.local", "neg-publishable-keys-only", f"""NEXT_PUBLIC_SUPABASE_URL=https://{ref}.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY={supa_jwt(ref, "anon")}
NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY={clerk_pk("clerk.catalog-hub.com")}
NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={stripe_pk()}
NEXT_PUBLIC_POSTHOG_KEY={phc()}
NEXT_PUBLIC_ALGOLIA_SEARCH_KEY={g.hex(32)}
NEXT_PUBLIC_MAPBOX_TOKEN={mapbox("pk", "cataloghub")}
NEXT_PUBLIC_CONVEX_URL=https://quiet-heron-512.convex.cloud
""", negative=True)

    add("neg/b31/workers/api/wrangler.toml", "neg-wrangler-vars-public", f"""name = "orbit-api"
main = "src/index.ts"
compatibility_date = "2024-09-23"

# Secrets are set with `npx wrangler secret put STRIPE_SECRET_KEY` and locally in .dev.vars
[vars]
ENVIRONMENT = "production"
API_BASE_URL = "https://api.orbit.dev"
STRIPE_PUBLISHABLE_KEY = "{stripe_pk()}"

[[kv_namespaces]]
binding = "SESSIONS"
id = "{g.hex(32)}"
preview_id = "{g.hex(32)}"
""", negative=True)

    add("neg/b31/render.yaml", "neg-render-generated-values", """services:
  - type: web
    name: atlas-api
    runtime: node
    envVars:
      - key: JWT_SECRET
        generateValue: true
      - key: STRIPE_SECRET_KEY
        sync: false
      - key: DATABASE_URL
        fromDatabase:
          name: atlas-db
          property: connectionString
      - fromGroup: atlas-shared-settings
""", negative=True)

    add("neg/b31/app.json", "neg-heroku-app-json-generators", json.dumps({
        "name": "Lantern Board",
        "env": {"SECRET_KEY_BASE": {"description": "Rails secret", "generator": "secret"},
                "SENDGRID_API_KEY": {"description": "Your SendGrid API key", "required": True},
                "WEB_CONCURRENCY": {"value": "2"}},
        "addons": ["heroku-postgresql"]}, indent=2) + "\n", negative=True)

    add("neg/b31/fly.toml", "neg-fly-toml-env-public", """app = "kiln-web"
primary_region = "ams"

# secrets: fly secrets set SECRET_KEY_BASE=$(mix phx.gen.secret) DATABASE_URL=...
[env]
  PHX_HOST = "kiln-web.fly.dev"
  PORT = "8080"
  POOL_SIZE = "10"

[http_service]
  internal_port = 8080
  force_https = true
""", negative=True)

    add("neg/b31/supabase/config.toml", "neg-supabase-config-env-refs", """project_id = "kettle"

[auth.email.smtp]
enabled = true
host = "smtp.sendgrid.net"
port = 587
user = "apikey"
pass = "env(SENDGRID_API_KEY)"

[auth.external.github]
enabled = true
client_id = "env(SUPABASE_AUTH_EXTERNAL_GITHUB_CLIENT_ID)"
secret = "env(SUPABASE_AUTH_EXTERNAL_GITHUB_SECRET)"
""", negative=True)

    add("neg/b31/hasura/docker-compose.yml", "neg-hasura-compose-env-refs", """services:
  graphql-engine:
    image: hasura/graphql-engine:v2.44.0
    environment:
      HASURA_GRAPHQL_DATABASE_URL: ${HASURA_GRAPHQL_DATABASE_URL}
      HASURA_GRAPHQL_ADMIN_SECRET: ${HASURA_GRAPHQL_ADMIN_SECRET:?set it in .env}
      HASURA_GRAPHQL_JWT_SECRET: ${HASURA_GRAPHQL_JWT_SECRET}
      HASURA_GRAPHQL_ENABLE_CONSOLE: "false"
""", negative=True)

    add("neg/b31/vercel.json", "neg-vercel-json-secret-refs", json.dumps({
        "version": 2,
        "env": {"DATABASE_URL": "@database-url", "STRIPE_SECRET_KEY": "@stripe-secret-key"},
        "build": {"env": {"NEXT_PUBLIC_SITE_URL": "https://paperlantern.shop"}},
        "crons": [{"path": "/api/cron/digest", "schedule": "0 7 * * *"}]}, indent=2) + "\n", negative=True)

    add("neg/b31/docs/deploying.md", "neg-web-deploy-docs-placeholders", """# Deploying

1. `vercel env add STRIPE_SECRET_KEY production` and paste your `sk_live_...` key.
2. Cloudflare: `npx wrangler secret put RESEND_API_KEY` (your `re_xxxxxxxxx` key).
3. Fly: `fly secrets set SECRET_KEY_BASE=$(openssl rand -hex 64)`.
4. Convex: create a deploy key in the dashboard and set `CONVEX_DEPLOY_KEY=prod:<deployment>|<key>` in Vercel.
5. Hasura: `hasura console --admin-secret <your-admin-secret>`.
6. Supabase: `supabase secrets set --env-file ./supabase/.env.local`.
7. Mapbox secret tokens start with `sk.` and must never ship to the browser; use a `pk.` token there.
""", negative=True)
