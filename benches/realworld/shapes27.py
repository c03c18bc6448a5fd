"""Twenty-seventh batch of the real-world set: chat bots, streaming and game development.

Written blind (committed before any scanner ran on it) from the tools' documented formats and
from how hobby bot and game projects are pushed to public repositories: Discord bots (discord.js
`config.json`, discord.py `bot.run`, `client.login`, Discord.Net, webhook URLs in code and CI, the
OAuth2 client secret of a dashboard), Telegram bots (python-telegram-bot `ApplicationBuilder`,
aiogram, Telegraf, `bot_token` in YAML and INI, Telethon and Pyrogram `api_hash` and session
strings), Slack Bolt apps (bot token, signing secret, app-level token), Twitch chat bots (tmi.js
`oauth:` passwords, TwitchIO, EventSub secrets), Reddit `praw.ini` and `praw.Reddit(...)`, tweepy,
Mastodon.py and its `.secret` files, matrix-nio and an appservice `registration.yaml`, `zuliprc`,
a Mattermost Go bot, Rocket.Chat REST headers, Sopel and Limnoria IRC configs, OBS websocket
clients, StreamElements / Streamlabs JWTs, a music bot with YouTube and Spotify keys, Lavalink
`application.yml`; and game development: PlayFab developer secret keys, Unity Gaming Services
service-account keys in CI, Epic Online Services client secrets in C++ and in the Unity plugin's
JSON, Steam Web API keys and game-server login tokens, GameAnalytics secret keys, Roblox Open
Cloud keys and `.ROBLOSECURITY` cookies, Minecraft (itzg compose `RCON_PASSWORD`, LuckPerms MySQL),
Rust, Palworld and 7 Days to Die server configs, Pterodactyl Wings and panel, Godot 4's
`export_credentials.cfg`, itch.io butler in CI.

Labelling: public identifiers (Discord application and guild ids, Telegram `api_id`, Twitch and
Spotify client ids, Reddit client ids, Twitter consumer keys, Mastodon client ids, GameAnalytics
game keys, Photon app ids, EOS product/sandbox/deployment ids, Wings `token_id`) appear
unlabelled. Negatives are the same files with environment look-ups, placeholders, empty
passwords in default configs, the Lavalink documentation default, public app ids and signature
test vectors.
"""

import base64
import json
import string
import struct

from shapes import B62, UPPER_ALNUM, without

LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_HEX = "0123456789ABCDEF"


def build_twentyseventh(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; ,{}')

    def pw():
        return q(g.password())

    def human():
        words = ["dragon", "creeper", "pixel", "shadow", "kitty", "raptor", "nether", "blaze",
                 "frosty", "goblin", "wolfie", "turbo"]
        return r.choice(words).capitalize() + str(r.randint(10, 9999)) + r.choice("!@#*?")

    def digits(n):
        return str(r.randint(1, 9)) + g.chars(string.digits, n - 1)

    def snowflake():
        return digits(r.choice([18, 19]))

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def discord_token():
        uid = base64.b64encode(snowflake().encode()).decode().rstrip("=")
        return "%s.G%s.%s" % (uid, g.b64url(5), g.b64url(38))

    def discord_webhook(host="discord.com"):
        return "https://%s/api/webhooks/%s/%s" % (host, snowflake(), g.b64url(68))

    def telegram():
        return "%d:AA%s" % (r.randint(10**9, 8 * 10**9), g.chars(B62 + "-_", 33))

    def slack_bot():
        return "xoxb-%s-%s-%s" % (digits(12), digits(13), g.alnum(24))

    def slack_app():
        return "xapp-1-A%s-%s-%s" % (g.chars(UPPER_ALNUM, 10), digits(13), g.hex(64))

    def twitch():
        return g.chars(LOWER_ALNUM, 30)

    def jwt(payload):
        h = b64url_nopad(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        p = b64url_nopad(json.dumps(payload, separators=(",", ":")).encode())
        return "%s.%s.%s" % (h, p, g.b64url(43))

    def google_key():
        return "AIza" + g.chars(B62 + "-_", 35)

    def steam_key():
        return g.chars(UPPER_HEX, 32)

    # ================================================================ Discord
    t1 = discord_token()
    add("bots/modbot/config.json", "discordjs-config-json", json.dumps({
        "token": t1,
        "clientId": snowflake(),
        "guildId": snowflake(),
        "prefix": "!",
        "logChannel": snowflake(),
    }, indent=2) + "\n", [t1])

    t1 = discord_token()
    add("bots/music-cog/bot.py", "discordpy-bot-run", f"""import discord
from discord.ext import commands

intents = discord.Intents.default()
intents.message_content = True

bot = commands.Bot(command_prefix="?", intents=intents)


@bot.event
async def on_ready():
    print(f"Logged in as {{bot.user}} (ID: {{bot.user.id}})")


@bot.command()
async def ping(ctx):
    await ctx.send(f"pong {{round(bot.latency * 1000)}}ms")


bot.load_extension("cogs.music")
bot.run("{t1}")
""", [t1])

    t1, w1 = discord_token(), discord_webhook("discordapp.com")
    add("bots/welcomer/index.js", "discordjs-client-login-webhook", f"""const {{ Client, GatewayIntentBits, WebhookClient, EmbedBuilder }} = require('discord.js');

const client = new Client({{ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers] }});
const audit = new WebhookClient({{ url: '{w1}' }});

client.once('ready', () => {{
  console.log(`Ready as ${{client.user.tag}}`);
}});

client.on('guildMemberAdd', async (member) => {{
  const embed = new EmbedBuilder().setTitle('New member').setDescription(`${{member}} joined`);
  await audit.send({{ embeds: [embed] }});
}});

client.login('{t1}');
""", [t1, w1])

    t1, s1 = discord_token(), g.b64url(32)
    add("bots/dashboard/.env", "discord-dashboard-env", f"""# discord bot + web dashboard
DISCORD_TOKEN={t1}
DISCORD_CLIENT_ID={snowflake()}
DISCORD_CLIENT_SECRET={s1}
DISCORD_REDIRECT_URI=https://dash.pixelforge.gg/auth/callback
SESSION_COOKIE_NAME=pf_dash
MONGO_URL=mongodb://localhost:27017/pixelforge
PORT=3000
""", [t1, s1])

    t1 = discord_token()
    add("bots/RaidGuard/Program.cs", "discordnet-login-async", f"""using Discord;
using Discord.WebSocket;

namespace RaidGuard;

public class Program
{{
    private DiscordSocketClient _client = null!;

    public static Task Main(string[] args) => new Program().MainAsync();

    public async Task MainAsync()
    {{
        _client = new DiscordSocketClient(new DiscordSocketConfig {{ GatewayIntents = GatewayIntents.AllUnprivileged }});
        _client.Log += msg => {{ Console.WriteLine(msg.ToString()); return Task.CompletedTask; }};

        await _client.LoginAsync(TokenType.Bot, "{t1}");
        await _client.StartAsync();
        await Task.Delay(-1);
    }}
}}
""", [t1])

    w1 = discord_webhook()
    add("game-jam/.github/workflows/nightly.yml", "discord-webhook-gha-curl", f"""name: nightly build

on:
  schedule:
    - cron: "0 3 * * *"
  workflow_dispatch:

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./tools/build.sh
      - name: announce
        if: always()
        run: |
          curl -sS -H "Content-Type: application/json" \\
            -d "{{\\"content\\": \\"nightly ${{{{ job.status }}}}: ${{{{ github.sha }}}}\\"}}" \\
            "{w1}"
""", [w1])

    # ================================================================ Telegram
    t1 = telegram()
    add("bots/remind_bot/main.py", "ptb-application-builder", f"""import logging

from telegram import Update
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

logging.basicConfig(level=logging.INFO)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("Hi! Send /remind <minutes> <text>")


if __name__ == "__main__":
    app = ApplicationBuilder().token("{t1}").build()
    app.add_handler(CommandHandler("start", start))
    app.run_polling()
""", [t1])

    t1 = telegram()
    add("bots/shopbot/bot/loader.py", "aiogram-bot-token", f"""from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode

ADMIN_IDS = [{r.randint(10**8, 7 * 10**9)}, {r.randint(10**8, 7 * 10**9)}]

bot = Bot(token="{t1}", default=DefaultBotProperties(parse_mode=ParseMode.HTML))
dp = Dispatcher()
""", [t1])

    t1 = telegram()
    add("bots/quiz-telegraf/src/bot.ts", "telegraf-constructor", f"""import {{ Telegraf, Markup }} from 'telegraf';
import {{ questions }} from './questions';

const bot = new Telegraf('{t1}');

bot.start((ctx) => ctx.reply('Welcome to the quiz!', Markup.keyboard([['Play', 'Scores']]).resize()));
bot.hears('Play', (ctx) => ctx.reply(questions[0].text));

bot.launch();
process.once('SIGINT', () => bot.stop('SIGINT'));
""", [t1])

    t1 = telegram()
    add("homelab/notifier/config.yml", "telegram-bot-token-yaml", f"""# uptime notifier
check_interval: 60
targets:
  - name: nas
    url: http://192.168.1.10:5000
  - name: jellyfin
    url: http://192.168.1.10:8096

telegram:
  bot_token: "{t1}"
  chat_id: -100{digits(10)}
  silent_hours: [23, 7]
""", [t1])

    t1, h1 = telegram(), g.hex(32)
    add("bots/channel-mirror/config.ini", "telegram-ini-bot-api-hash", f"""[telegram]
api_id = {r.randint(10**6, 3 * 10**7)}
api_hash = {h1}
bot_token = {t1}

[mirror]
source = @gamedeals_source
target = -100{digits(10)}
""", [t1, h1])

    raw = struct.pack(">B4sH256s", r.randint(1, 5), bytes(r.getrandbits(8) for _ in range(4)), 443,
                      bytes(r.getrandbits(8) for _ in range(256)))
    s1, h1 = "1" + base64.urlsafe_b64encode(raw).decode(), g.hex(32)
    add("userbots/autoreply/run.py", "telethon-string-session", f"""import asyncio

from telethon import TelegramClient, events
from telethon.sessions import StringSession

API_ID = {r.randint(10**6, 3 * 10**7)}
API_HASH = "{h1}"
SESSION = "{s1}"

client = TelegramClient(StringSession(SESSION), API_ID, API_HASH)


@client.on(events.NewMessage(incoming=True, func=lambda e: e.is_private))
async def away(event):
    await event.reply("I'm away, back tonight.")


client.start()
client.run_until_disconnected()
""", [s1, h1])

    api_id = r.randint(10**6, 3 * 10**7)
    raw = struct.pack(">BI?256sQ?", r.randint(1, 5), api_id, False,
                      bytes(r.getrandbits(8) for _ in range(256)), r.randint(10**8, 7 * 10**9), False)
    s1, h1 = b64url_nopad(raw), g.hex(32)
    add("userbots/stickers/app.py", "pyrogram-session-string", f"""from pyrogram import Client, filters

app = Client(
    "stickers",
    api_id={api_id},
    api_hash="{h1}",
    session_string="{s1}",
)


@app.on_message(filters.me & filters.command("kang", prefixes="."))
async def kang(client, message):
    await message.reply_text("added to pack")


app.run()
""", [s1, h1])

    # ================================================================ Slack
    b1, s1, a1 = slack_bot(), g.hex(32), slack_app()
    add("apps/standup-bot/app.js", "slack-bolt-js-app", f"""const {{ App }} = require('@slack/bolt');

const app = new App({{
  token: '{b1}',
  signingSecret: '{s1}',
  socketMode: true,
  appToken: '{a1}',
}});

app.command('/standup', async ({{ ack, respond }}) => {{
  await ack();
  await respond('What did you do yesterday?');
}});

(async () => {{
  await app.start();
  console.log('standup bot running');
}})();
""", [b1, s1, a1])

    b1, s1, a1 = slack_bot(), g.hex(32), slack_app()
    add("apps/triage-bolt-py/.env", "slack-bolt-python-env", f"""SLACK_BOT_TOKEN={b1}
SLACK_SIGNING_SECRET={s1}
SLACK_APP_TOKEN={a1}
TRIAGE_CHANNEL=C0{g.chars(UPPER_ALNUM, 9)}
""", [b1, s1, a1])

    # ================================================================ Twitch
    t1 = twitch()
    add("bots/twitch-chat/bot.js", "tmijs-oauth-password", f"""const tmi = require('tmi.js');

const client = new tmi.Client({{
  options: {{ debug: true }},
  identity: {{
    username: 'pixelcat_bot',
    password: 'oauth:{t1}'
  }},
  channels: ['pixelcat_live']
}});

client.connect();

client.on('message', (channel, tags, message, self) => {{
  if (self) return;
  if (message.toLowerCase() === '!discord') {{
    client.say(channel, `@${{tags.username}} join us: discord.gg/pixelcat`);
  }}
}});
""", [t1])

    t1, c1 = twitch(), twitch()
    add("bots/twitchio-bot/bot.py", "twitchio-bot-token", f"""from twitchio.ext import commands


class Bot(commands.Bot):
    def __init__(self):
        super().__init__(
            token="oauth:{t1}",
            client_id="{twitch()}",
            client_secret="{c1}",
            prefix="!",
            initial_channels=["raptor_plays"],
        )

    async def event_ready(self):
        print(f"Logged in as | {{self.nick}}")

    @commands.command()
    async def hello(self, ctx: commands.Context):
        await ctx.send(f"Hello {{ctx.author.name}}!")


Bot().run()
""", [t1, c1])

    c1, e1 = twitch(), g.alnum(32)
    add("services/stream-alerts/.env", "twitch-eventsub-env", f"""TWITCH_CLIENT_ID={twitch()}
TWITCH_CLIENT_SECRET={c1}
TWITCH_EVENTSUB_SECRET={e1}
EVENTSUB_CALLBACK=https://alerts.raptorplays.tv/eventsub
BROADCASTER_ID={digits(9)}
""", [c1, e1])

    # ================================================================ Reddit
    c1, p1 = g.chars(B62 + "-_", 30), human()
    add("bots/flairbot/praw.ini", "praw-ini-site", f"""[DEFAULT]
check_for_updates=False

[flairbot]
client_id={g.chars(B62 + "-_", 22)}
client_secret={c1}
password={p1}
username=flair_helper_bot
user_agent=script:flairbot:v1.3 (by u/gamedev_mod)
""", [c1, p1])

    c1, p1 = g.chars(B62 + "-_", 27), pw()
    add("bots/meme-archiver/archive.py", "praw-reddit-constructor", f"""import praw

reddit = praw.Reddit(
    client_id="{g.chars(B62 + "-_", 14)}",
    client_secret="{c1}",
    password="{p1}",
    user_agent="meme-archiver/0.2 by u/archivist_bot",
    username="archivist_bot",
)

for submission in reddit.subreddit("gamedev").hot(limit=50):
    print(submission.title)
""", [c1, p1])

    # ================================================================ X / Twitter
    bt = "A" * 22 + g.alnum(6) + "A" * 7 + g.alnum(14) + "%2B" + g.alnum(18) + "%3D" + g.alnum(50)
    cs, at, ats = g.alnum(50), "%s-%s" % (digits(19), g.alnum(31)), g.alnum(45)
    add("bots/patchnotes-tweeter/post.py", "tweepy-client-v2", f"""import tweepy

client = tweepy.Client(
    bearer_token="{bt}",
    consumer_key="{g.alnum(25)}",
    consumer_secret="{cs}",
    access_token="{at}",
    access_token_secret="{ats}",
)


def post_patch_notes(version, summary):
    client.create_tweet(text=f"Patch {{version}} is live! {{summary}}")
""", [bt, cs, at, ats])

    # ================================================================ Mastodon
    t1 = g.b64url(43)
    add("bots/dailypixel/toot.py", "mastodonpy-access-token", f"""from mastodon import Mastodon

mastodon = Mastodon(
    access_token="{t1}",
    api_base_url="https://mastodon.gamedev.place",
)

mastodon.status_post("Today's pixel art prompt: lighthouse at dusk #pixelart", visibility="public")
""", [t1])

    t1 = g.b64url(43)
    add("bots/dailypixel/pytooter_usercred.secret", "mastodon-usercred-secret-file", f"""{t1}
https://mastodon.gamedev.place
""", [t1])

    # ================================================================ Matrix, Zulip, Mattermost, Rocket.Chat
    user = "relaybot"
    t1 = "syt_%s_%s_%s" % (b64url_nopad(user.encode()), g.chars(string.ascii_letters, 20), g.alnum(6))
    add("bots/matrix-relay/relay.py", "matrix-nio-restore-login", f"""import asyncio

from nio import AsyncClient, RoomMessageText

HOMESERVER = "https://matrix.pixelforge.gg"
USER_ID = "@{user}:pixelforge.gg"
DEVICE_ID = "{g.chars(string.ascii_uppercase, 10)}"
ACCESS_TOKEN = "{t1}"


async def main():
    client = AsyncClient(HOMESERVER, USER_ID)
    client.restore_login(USER_ID, DEVICE_ID, ACCESS_TOKEN)
    client.add_event_callback(on_message, RoomMessageText)
    await client.sync_forever(timeout=30000)


asyncio.run(main())
""", [t1])

    a1, h1 = g.alnum(64), g.alnum(64)
    add("bridges/discord-bridge/registration.yaml", "matrix-appservice-registration", f"""id: discord
url: http://localhost:29334
as_token: {a1}
hs_token: {h1}
sender_localpart: discordbot
rate_limited: false
namespaces:
  users:
    - exclusive: true
      regex: '@discord_.*:pixelforge\\.gg'
  aliases:
    - exclusive: true
      regex: '#discord_.*:pixelforge\\.gg'
""", [a1, h1])

    k1 = g.alnum(32)
    add("bots/ci-notify/.zuliprc", "zuliprc-api-key", f"""[api]
email=ci-bot@pixelforge.zulipchat.com
key={k1}
site=https://pixelforge.zulipchat.com
""", [k1])

    t1 = g.chars(LOWER_ALNUM, 26)
    add("bots/mm-oncall/main.go", "mattermost-go-set-token", f"""package main

import (
	"log"

	"github.com/mattermost/mattermost/server/public/model"
)

const serverURL = "https://chat.fabrikam-games.net"

func main() {{
	client := model.NewAPIv4Client(serverURL)
	client.SetToken("{t1}")

	me, _, err := client.GetMe(ctx, "")
	if err != nil {{
		log.Fatal(err)
	}}
	log.Printf("oncall bot running as %s", me.Username)
}}
""", [t1])

    t1 = g.b64url(43)
    add("scripts/rocketchat_announce.py", "rocketchat-rest-headers", f"""import requests

RC_URL = "https://chat.acmecorp.de"
HEADERS = {{
    "X-Auth-Token": "{t1}",
    "X-User-Id": "{g.alnum(17)}",
    "Content-type": "application/json",
}}


def announce(text):
    requests.post(f"{{RC_URL}}/api/v1/chat.postMessage", headers=HEADERS,
                  json={{"channel": "#releases", "text": text}}, timeout=10)
""", [t1])

    # ================================================================ IRC
    p1 = pw()
    add("bots/sopel/default.cfg", "sopel-sasl-config", f"""[core]
nick = PixelHelper
host = irc.libera.chat
use_ssl = true
port = 6697
owner = lena_dev
channels =
    "#pixelforge"
    "#pixelforge-dev"
auth_method = sasl
auth_username = PixelHelper
auth_password = {p1}
prefix = \\.
""", [p1])

    p1 = pw()
    add("bots/limnoria/Gamebot.conf", "limnoria-sasl-config", f"""###
# Determines the bot's default nick.
#
# Default value: supybot
###
supybot.nick: Gamebot
supybot.networks: libera
supybot.networks.libera.servers: irc.libera.chat:6697
supybot.networks.libera.ssl: True
supybot.networks.libera.channels: #retrogames
supybot.networks.libera.sasl.username: Gamebot
supybot.networks.libera.sasl.password: {p1}
supybot.networks.libera.sasl.mechanisms: ecdsa-nist256p-challenge scram-sha-256 plain
""", [p1])

    # ================================================================ streaming
    p1 = g.alnum(16)
    add("stream-tools/scene_switcher.py", "simpleobsws-client-password", f"""import asyncio

import simpleobsws

ws = simpleobsws.WebSocketClient(url="ws://127.0.0.1:4455", password="{p1}")


async def switch(scene):
    await ws.connect()
    await ws.wait_until_identified()
    await ws.call(simpleobsws.Request("SetCurrentProgramScene", {{"sceneName": scene}}))
    await ws.disconnect()


asyncio.run(switch("BRB"))
""", [p1])

    se = jwt({"citadel": g.hex(24), "role": "owner", "channel": g.hex(24), "provider": "twitch",
              "authToken": g.b64url(40), "iat": 1700000000 + r.randint(0, 10**7),
              "iss": "StreamElements"})
    sl = jwt({"token": g.upper_hex(20), "read_only": True, "prevent_master": True,
              "twitch_id": digits(9)})
    add("stream-tools/alerts/alerts.js", "streamelements-streamlabs-jwt", f"""const io = require('socket.io-client');

// StreamElements realtime API
const SE_JWT = '{se}';
const se = io('https://realtime.streamelements.com', {{ transports: ['websocket'] }});
se.on('connect', () => se.emit('authenticate', {{ method: 'jwt', token: SE_JWT }}));

// Streamlabs socket API
const streamlabs = io(`https://sockets.streamlabs.com?token={sl}`, {{ transports: ['websocket'] }});
streamlabs.on('event', (e) => console.log('streamlabs', e.type));
""", [se, sl])

    y1, s1 = google_key(), g.hex(32)
    add("bots/jukebox/config.json", "music-bot-config-json", json.dumps({
        "prefix": "-",
        "youtubeApiKey": y1,
        "spotify": {"clientId": g.hex(32), "clientSecret": s1},
        "defaultVolume": 60,
        "maxQueue": 200,
    }, indent=2) + "\n", [y1, s1])

    p1, rt = pw(), "1//0" + g.chars(B62 + "-_", 99)
    add("bots/jukebox/lavalink/application.yml", "lavalink-application-yml", f"""server:
  port: 2333
  address: 0.0.0.0
lavalink:
  plugins:
    - dependency: "dev.lavalink.youtube:youtube-plugin:1.11.2"
  server:
    password: "{p1}"
    sources:
      youtube: false
      soundcloud: true
      twitch: true
    bufferDurationMs: 400
plugins:
  youtube:
    enabled: true
    oauth:
      enabled: true
      refreshToken: "{rt}"
""", [p1, rt])

    # ================================================================ game services
    tid, k1 = g.upper_hex(5), g.chars(UPPER_ALNUM, 48)
    add("games/tideworks/Backend/LeaderboardReset/Function.cs", "playfab-developer-secret-cs", f"""using PlayFab;
using PlayFab.ServerModels;

namespace Tideworks.Backend;

public static class LeaderboardReset
{{
    static LeaderboardReset()
    {{
        PlayFabSettings.staticSettings.TitleId = "{tid}";
        PlayFabSettings.staticSettings.DeveloperSecretKey = "{k1}";
    }}

    public static async Task RunAsync()
    {{
        var result = await PlayFabServerAPI.GetLeaderboardAsync(new GetLeaderboardRequest
        {{
            StatisticName = "WeeklyScore",
            MaxResultsCount = 100,
        }});
    }}
}}
""", [k1])

    tid, k1 = g.upper_hex(5), g.chars(UPPER_ALNUM, 48)
    add("games/tideworks/tools/upload_catalog.sh", "playfab-curl-secret-header", f"""#!/usr/bin/env bash
set -e
TITLE={tid}
curl -sf "https://$TITLE.playfabapi.com/Admin/SetCatalogItems" \\
  -H "Content-Type: application/json" \\
  -H "X-SecretKey: {k1}" \\
  --data @catalog.json
""", [k1])

    s1 = g.alnum(32)
    add("games/hollowlight/.github/workflows/deploy-ugs.yml", "ugs-cli-service-account-gha", f"""name: deploy cloud code

on:
  push:
    branches: [main]
    paths: ["CloudCode/**"]

jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      UGS_CLI_PROJECT_ID: {g.uuid4()}
      UGS_CLI_ENVIRONMENT_NAME: production
      UGS_CLI_SERVICE_KEY_ID: {g.uuid4()}
      UGS_CLI_SERVICE_SECRET_KEY: {s1}
    steps:
      - uses: actions/checkout@v4
      - run: npm install -g ugs
      - run: ugs deploy CloudCode/
""", [s1])

    c1 = g.chars(B62 + "+/", 43)
    add("games/ridgeline/Source/Ridgeline/EosManager.cpp", "eos-sdk-cpp-client-secret", f"""#include "EosManager.h"
#include "eos_sdk.h"

bool FEosManager::CreatePlatform()
{{
    EOS_Platform_Options PlatformOptions = {{}};
    PlatformOptions.ApiVersion = EOS_PLATFORM_OPTIONS_API_LATEST;
    PlatformOptions.ProductId = "{g.hex(32)}";
    PlatformOptions.SandboxId = "{g.hex(32)}";
    PlatformOptions.DeploymentId = "{g.hex(32)}";
    PlatformOptions.ClientCredentials.ClientId = "xyza7891{g.chars(B62, 24)}";
    PlatformOptions.ClientCredentials.ClientSecret = "{c1}";
    PlatformOptions.bIsServer = EOS_FALSE;

    PlatformHandle = EOS_Platform_Create(&PlatformOptions);
    return PlatformHandle != nullptr;
}}
""", [c1])

    c1 = g.chars(B62 + "+/", 43)
    add("games/hollowlight/Assets/StreamingAssets/EOS/EpicOnlineServicesConfig.json", "eos-unity-plugin-config-json", json.dumps({
        "productName": "Hollowlight",
        "productVersion": "1.4.0",
        "productID": g.hex(32),
        "sandboxID": g.hex(32),
        "deploymentID": g.hex(32),
        "clientID": "xyza7891" + g.chars(B62, 24),
        "clientSecret": c1,
        "platformOptionsFlags": ["EOS_PF_DISABLE_OVERLAY"],
    }, indent=4) + "\n", [c1])

    k1 = steam_key()
    add("tools/steam-stats/fetch_players.py", "steam-web-api-python", f"""import requests

STEAM_API_KEY = "{k1}"
APP_ID = 1843200


def player_count():
    r = requests.get(
        "https://api.steampowered.com/ISteamUserStats/GetNumberOfCurrentPlayers/v1/",
        params={{"appid": APP_ID}},
    )
    return r.json()["response"]["player_count"]


def summaries(steam_ids):
    r = requests.get(
        f"https://api.steampowered.com/ISteamUser/GetPlayerSummaries/v2/?key={{STEAM_API_KEY}}&steamids={{','.join(steam_ids)}}"
    )
    return r.json()["response"]["players"]
""", [k1])

    gs, rp = steam_key(), pw()
    add("servers/cs2/start.sh", "srcds-gslt-rcon-args", f"""#!/bin/bash
cd /home/steam/cs2
./game/bin/linuxsteamrt64/cs2 -dedicated -usercon \\
  +game_type 0 +game_mode 1 +map de_mirage \\
  +sv_setsteamaccount {gs} \\
  +rcon_password "{rp}" \\
  -maxplayers 10 -port 27015
""", [gs, rp])

    s1 = g.hex(40)
    add("games/blockdrop/src/analytics.ts", "gameanalytics-js-init", f"""import {{ GameAnalytics, EGAProgressionStatus }} from 'gameanalytics';

GameAnalytics.configureBuild('web 2.3.0');
GameAnalytics.initialize('{g.hex(32)}', '{s1}');

export function levelStart(level: number) {{
  GameAnalytics.addProgressionEvent(EGAProgressionStatus.Start, 'world01', `level${{level}}`);
}}
""", [s1])

    k1 = g.b64(48)
    add("tools/roblox/publish_place.py", "roblox-open-cloud-api-key", f"""import sys

import requests

API_KEY = "{k1}"
UNIVERSE_ID = {digits(10)}
PLACE_ID = {digits(11)}

with open(sys.argv[1], "rb") as fh:
    resp = requests.post(
        f"https://apis.roblox.com/universes/v1/{{UNIVERSE_ID}}/places/{{PLACE_ID}}/versions",
        params={{"versionType": "Published"}},
        headers={{"x-api-key": API_KEY, "Content-Type": "application/octet-stream"}},
        data=fh.read(),
    )
resp.raise_for_status()
print("published version", resp.json()["versionNumber"])
""", [k1])

    c1 = ("_|WARNING:-DO-NOT-SHARE-THIS.--Sharing-this-will-allow-someone-to-log-in-as-you-and-to-steal-"
          "your-ROBUX-and-items.|_" + g.upper_hex(r.choice([584, 712, 760])))
    add("tools/roblox/group_payout.py", "roblosecurity-cookie-python", f"""import requests

session = requests.Session()
session.cookies[".ROBLOSECURITY"] = "{c1}"

GROUP_ID = {digits(8)}


def csrf():
    r = session.post("https://auth.roblox.com/v2/logout")
    return r.headers["x-csrf-token"]


def payout(user_id, amount):
    session.post(f"https://groups.roblox.com/v1/groups/{{GROUP_ID}}/payouts",
                 headers={{"x-csrf-token": csrf()}},
                 json={{"PayoutType": "FixedAmount", "Recipients": [{{"recipientId": user_id, "recipientType": "User", "amount": amount}}]}})
""", [c1])

    # ================================================================ game servers
    p1 = pw()
    add("servers/minecraft/docker-compose.yml", "itzg-minecraft-compose-rcon", f"""services:
  mc:
    image: itzg/minecraft-server
    ports:
      - "25565:25565"
    environment:
      EULA: "TRUE"
      TYPE: PAPER
      VERSION: "1.20.4"
      MEMORY: 6G
      ENABLE_RCON: "true"
      RCON_PASSWORD: "{p1}"
      OPS: lena_dev
    volumes:
      - ./data:/data
    restart: unless-stopped
""", [p1])

    p1 = pw()
    add("servers/minecraft/data/plugins/LuckPerms/config.yml", "luckperms-mysql-config", f"""server: survival

storage-method: MySQL

data:
  address: 10.0.0.5:3306
  database: luckperms
  username: 'luckperms'
  password: '{p1}'
  pool-settings:
    maximum-pool-size: 10
  table-prefix: 'luckperms_'

sync-minutes: -1
""", [p1])

    p1 = pw()
    add("servers/rust/start_server.bat", "rust-dedicated-start-bat", f"""@echo off
:start
RustDedicated.exe -batchmode ^
 +server.port 28015 ^
 +server.hostname "Fabrikam Vanilla 2x" ^
 +server.maxplayers 100 ^
 +server.worldsize 3500 ^
 +server.seed {digits(6)} ^
 +server.identity "fabrikam" ^
 +rcon.port 28016 ^
 +rcon.password "{p1}" ^
 +rcon.web 1
goto start
""", [p1])

    a1, s1 = pw(), human()
    add("servers/palworld/Pal/Saved/Config/LinuxServer/PalWorldSettings.ini", "palworld-settings-ini", f"""[/Script/Pal.PalGameWorldSettings]
OptionSettings=(Difficulty=None,DayTimeSpeedRate=1.000000,NightTimeSpeedRate=1.000000,ExpRate=2.000000,PalCaptureRate=1.500000,DeathPenalty=Item,bEnablePlayerToPlayerDamage=False,ServerPlayerMaxNum=16,ServerName="Fabrikam Pals",ServerDescription="weekend server",AdminPassword="{a1}",ServerPassword="{s1}",PublicPort=8211,PublicIP="",RCONEnabled=True,RCONPort=25575,Region="",bUseAuth=True,BanListURL="https://api.palworldgame.com/api/banlist.txt")
""", [a1, s1])

    s1, t1 = human(), pw()
    add("servers/7dtd/serverconfig.xml", "sevendays-serverconfig-xml", f"""<?xml version="1.0"?>
<ServerSettings>
	<property name="ServerName"             value="Fabrikam Horde Nights"/>
	<property name="ServerPort"             value="26900"/>
	<property name="ServerVisibility"       value="2"/>
	<property name="ServerPassword"         value="{s1}"/>
	<property name="ServerMaxPlayerCount"   value="8"/>
	<property name="GameWorld"              value="Navezgane"/>
	<property name="TelnetEnabled"          value="true"/>
	<property name="TelnetPort"             value="8081"/>
	<property name="TelnetPassword"         value="{t1}"/>
	<property name="WebDashboardEnabled"    value="false"/>
</ServerSettings>
""", [s1, t1])

    t1 = g.alnum(64)
    add("servers/node-02/etc/pterodactyl/config.yml", "pterodactyl-wings-config", f"""debug: false
app_name: Pterodactyl
uuid: {g.uuid4()}
token_id: {g.alnum(16)}
token: {t1}
api:
  host: 0.0.0.0
  port: 8080
  ssl:
    enabled: true
    cert: /etc/letsencrypt/live/node02.fabrikam-games.net/fullchain.pem
    key: /etc/letsencrypt/live/node02.fabrikam-games.net/privkey.pem
  upload_limit: 100
system:
  data: /var/lib/pterodactyl/volumes
  sftp:
    bind_port: 2022
allowed_mounts: []
remote: 'https://panel.fabrikam-games.net'
""", [t1])

    k1, p1 = "base64:" + g.b64(32), pw()
    add("panel/pterodactyl/.env", "pterodactyl-panel-env", f"""APP_ENV=production
APP_DEBUG=false
APP_KEY={k1}
APP_THEME=pterodactyl
APP_TIMEZONE=Europe/Berlin
APP_URL=https://panel.fabrikam-games.net
APP_LOCALE=en
APP_SERVICE_AUTHOR=admin@fabrikam-games.net

DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=panel
DB_USERNAME=pterodactyl
DB_PASSWORD={p1}

CACHE_DRIVER=redis
SESSION_DRIVER=redis
QUEUE_CONNECTION=redis
HASHIDS_LENGTH=8
""", [k1, p1])

    # ================================================================ engines and distribution
    p1 = pw()
    add("games/lumenfall/.godot/export_credentials.cfg", "godot4-export-credentials", f"""[preset.0]

script_encryption_key=""

[preset.0.options]

keystore/debug=""
keystore/debug_user=""
keystore/debug_password=""
keystore/release="/home/kai/keys/lumenfall.keystore"
keystore/release_user="lumenfall"
keystore/release_password="{p1}"
""", [p1])

    k1 = g.alnum(40)
    add("games/lumenfall/.github/workflows/itch.yml", "itch-butler-gha", f"""name: publish to itch.io

on:
  release:
    types: [published]

jobs:
  itch:
    runs-on: ubuntu-latest
    env:
      BUTLER_API_KEY: {k1}
      ITCH_GAME: kai-dev/lumenfall
    steps:
      - uses: actions/download-artifact@v4
      - run: |
          curl -L -o butler.zip https://broth.itch.ovh/butler/linux-amd64/LATEST/archive/default
          unzip butler.zip && chmod +x butler
          ./butler push build/web $ITCH_GAME:html5 --userversion ${{{{ github.ref_name }}}}
""", [k1])

    # ================================================================ negatives
    add("neg/bots/modbot/config.json", "neg-discord-config-placeholder", json.dumps({
        "token": "YOUR_BOT_TOKEN_HERE",
        "clientId": snowflake(),
        "guildId": snowflake(),
        "prefix": "!",
    }, indent=2) + "\n", negative=True)

    add("neg/bots/music-cog/bot.py", "neg-discordpy-env", """import os

import discord
from discord.ext import commands
from dotenv import load_dotenv

load_dotenv()
bot = commands.Bot(command_prefix="?", intents=discord.Intents.default())
WEBHOOK_URL = os.getenv("DISCORD_WEBHOOK_URL", "https://discord.com/api/webhooks/<id>/<token>")

bot.run(os.getenv("DISCORD_TOKEN"))
""", negative=True)

    add("neg/bots/remind_bot/main.py", "neg-telegram-env", """import os

from telegram.ext import ApplicationBuilder

app = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"]).build()
API_ID = int(os.environ["TG_API_ID"])
API_HASH = os.environ["TG_API_HASH"]
app.run_polling()
""", negative=True)

    add("neg/homelab/notifier/config.yml", "neg-telegram-yaml-placeholder", """telegram:
  # create a bot with @BotFather and paste its token here
  bot_token: "123456789:YOUR_TELEGRAM_BOT_TOKEN"
  chat_id: ""
""", negative=True)

    add("neg/apps/triage-bolt-py/.env.example", "neg-slack-env-example", """SLACK_BOT_TOKEN=xoxb-your-bot-token
SLACK_SIGNING_SECRET=your-signing-secret
SLACK_APP_TOKEN=xapp-your-app-level-token
""", negative=True)

    add("neg/bots/twitch-chat/bot.js", "neg-tmijs-env", """const tmi = require('tmi.js');

const client = new tmi.Client({
  identity: {
    username: process.env.TWITCH_BOT_USERNAME,
    password: `oauth:${process.env.TWITCH_OAUTH_TOKEN}`
  },
  channels: ['pixelcat_live']
});
client.connect();
""", negative=True)

    add("neg/bots/flairbot/praw.ini", "neg-praw-ini-placeholder", """[flairbot]
client_id=YOUR_CLIENT_ID
client_secret=YOUR_CLIENT_SECRET
password=YOUR_REDDIT_PASSWORD
username=YOUR_BOT_USERNAME
user_agent=script:flairbot:v1.3 (by u/YOUR_USERNAME)
""", negative=True)

    add("neg/bots/jukebox/lavalink/application.yml", "neg-lavalink-default", """server:
  port: 2333
  address: 0.0.0.0
lavalink:
  server:
    password: "youshallnotpass"
    sources:
      youtube: true
      soundcloud: true
""", negative=True)

    add("neg/games/hollowlight/Assets/Photon/PhotonUnityNetworking/Resources/PhotonServerSettings.asset",
        "neg-photon-server-settings", f"""%YAML 1.1
%TAG !u! tag:unity3d.com,2011:
--- !u!114 &11400000
MonoBehaviour:
  m_ObjectHideFlags: 0
  m_Enabled: 1
  m_EditorHideFlags: 0
  m_Script: {{fileID: 11500000, guid: {g.hex(32)}, type: 3}}
  m_Name: PhotonServerSettings
  AppSettings:
    AppIdRealtime: {g.uuid4()}
    AppIdFusion:
    AppIdChat: {g.uuid4()}
    AppIdVoice:
    AppVersion: 1.4
    UseNameServer: 1
    FixedRegion: eu
    Protocol: 0
    EnableLobbyStatistics: 0
  PunLogging: 1
  EnableSupportLogger: 0
""", negative=True)

    add("neg/servers/palworld/DefaultPalWorldSettings.ini", "neg-palworld-default", """[/Script/Pal.PalGameWorldSettings]
OptionSettings=(Difficulty=None,DayTimeSpeedRate=1.000000,ServerPlayerMaxNum=32,ServerName="Default Palworld Server",ServerDescription="",AdminPassword="",ServerPassword="",PublicPort=8211,PublicIP="",RCONEnabled=False,RCONPort=25575,Region="",bUseAuth=True)
""", negative=True)

    add("neg/panel/pterodactyl/.env.example", "neg-pterodactyl-env-example", """APP_ENV=production
APP_DEBUG=false
APP_KEY=
APP_URL=http://panel.example.com
DB_HOST=127.0.0.1
DB_DATABASE=panel
DB_USERNAME=pterodactyl
DB_PASSWORD=
HASHIDS_SALT=
""", negative=True)

    add("neg/games/tools/README.md", "neg-game-services-docs", """# Build tools

Set these in the repository's secrets (Settings → Secrets and variables → Actions), never in
the workflow file:

| secret                      | where to get it                                   |
|-----------------------------|---------------------------------------------------|
| `STEAM_API_KEY`             | https://steamcommunity.com/dev/apikey             |
| `PLAYFAB_SECRET_KEY`        | Game Manager → Title settings → Secret Keys       |
| `UGS_CLI_SERVICE_SECRET_KEY`| Unity Cloud → Administration → Service accounts   |
| `BUTLER_API_KEY`            | https://itch.io/user/settings/api-keys            |

```yaml
env:
  STEAM_API_KEY: ${{ secrets.STEAM_API_KEY }}
  BUTLER_API_KEY: ${{ secrets.BUTLER_API_KEY }}
  UGS_CLI_SERVICE_SECRET_KEY: ${{ secrets.UGS_CLI_SERVICE_SECRET_KEY }}
```

The rcon password goes in `.env` as `RCON_PASSWORD=changeme` (see `.env.example`).
""", negative=True)

    msg_id, ts = g.uuid4(), "2024-05-01T12:00:00.%09dZ" % r.randint(0, 999999999)
    add("neg/services/stream-alerts/tests/test_eventsub.py", "neg-eventsub-signature-test", f"""import hashlib
import hmac
import os

from alerts.eventsub import verify

SECRET = os.environ.get("TWITCH_EVENTSUB_SECRET_TEST", "")
MESSAGE_ID = "{msg_id}"
TIMESTAMP = "{ts}"
BODY = b'{{"subscription":{{"type":"channel.follow"}},"event":{{"user_login":"someone"}}}}'
EXPECTED = "sha256={g.hex(64)}"


def test_verify_rejects_wrong_signature():
    assert not verify(MESSAGE_ID, TIMESTAMP, BODY, "sha256=" + "0" * 64, SECRET)
""", negative=True)
