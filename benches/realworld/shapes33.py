"""Thirty-third batch of the real-world set: dotfiles repositories and the desktop and CLI
application configs in home directories.

Written blind (committed before any scanner ran on it) from the tools' documented config syntax
and from how these files sit in published dotfiles repositories: mail (getmail `getmailrc`,
himalaya `config.toml` v1 `backend.auth.raw`, a neomutt account file with `set my_pass`,
DavMail `davmail.properties`, Emacs `.authinfo` with a Gmail app password and a forge token,
davfs2 `secrets`, vdirsyncer), chat (WeeChat `sec.conf` with the passphrase off, BitlBee
`bitlbee.conf`, matrix-commander `credentials.json`, a gomuks legacy config with a macaroon access
token, telegram-send, gotify CLI, a Pushover notify script), media (Mopidy `mopidy.conf` Spotify
and scrobbler sections, spotifyd, beets `config.yaml` plugin keys, mpdscribble, `mpd.conf`
passwords with permissions, qBittorrent.conf plain-text mail and proxy passwords, aria2.conf,
youtube-dl short options, pianobar, newsboat sync sources, streamlink Twitch OAuth header,
spotify-tui `client.yml`), sync (a `nextcloudcmd` cron script, Taskwarrior 3 sync secrets, lftp
bookmarks with passwords), shells (fish `config.fish` `set -gx`, the fish universal variables
file `fish_variables` with its `\\xNN` escapes, nushell `env.nu` `$env.X =`, bash aliases and
functions with inline tokens, `.zshenv` with several assignments on one `export` line), editors
and desktop (Emacs `init.el` `setq`, espanso text expansions), CLI tool configs (glab
`config.yml`, tea `config.yml`, hub, todoist CLI, `.wakatime.cfg`, `ngrok.yml` v2 and v3, `.wgetrc`,
`.curlrc`, gcloud application default credentials, shell_gpt `.sgptrc`), and window-manager
status bars (a polybar weather script, i3blocks per-block variables, a waybar custom module's
URL, a conky `execi` line).

Public values sit unlabelled beside the secrets: client ids, user names, chat ids, device ids,
the gcloud CLI's own OAuth client (public by design), Spotify client ids. Negatives: the same
files reading the secret from a command (`pass`, `gopass`, `secret-tool`, `op read`, `security`),
WeeChat's encrypted `sec.conf`, qBittorrent's PBKDF2 verifier, Firefox's encrypted
`logins.json`, templates and empty values.
"""

import base64
import json
import string
import zlib

from shapes import B62, SYLL

LOWER = string.ascii_lowercase
LOWNUM = string.ascii_lowercase + string.digits
B64URL = B62 + "-_"


def build_thirtythird(g, add):
    r = g.r

    def pw():
        """A password that survives shell, INI, TOML and YAML quoting."""
        return "".join(c for c in g.password() if c not in '\'"\\`$<>&#%; ,!=:@')

    def human():
        w = "".join(r.choice(SYLL) for _ in range(r.randint(3, 4)))
        return w.capitalize() + str(r.randint(10, 9999)) + r.choice("!*?+")

    def app_pw(spaces=True):
        """Google app password: four groups of four lowercase letters."""
        return (" " if spaces else "").join(g.chars(LOWER, 4) for _ in range(4))

    def glpat():
        return "glpat-" + g.chars(B64URL, 20)

    def openai():
        return "sk-proj-" + g.chars(B64URL, 74) + "T3BlbkFJ" + g.chars(B64URL, 74)

    def anthropic():
        return "sk-ant-api03-" + g.chars(B64URL, 93) + "AA"

    def atlassian():
        return "ATATT3xFfGF0" + g.chars(B64URL, 170) + "=" + g.upper_hex(8)

    def ngrok_token():
        return str(r.randint(1, 2)) + g.alnum(26) + "_" + g.alnum(21)

    def matrix_syt(user):
        body = base64.b64encode(user.encode()).decode().rstrip("=")
        rnd = g.chars(string.ascii_letters, 20)  # Synapse draws this part from letters only
        v = zlib.crc32(rnd.encode())
        alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
        crc = ""
        for _ in range(6):
            crc = alphabet[v % 62] + crc
            v //= 62
        return "syt_%s_%s_%s" % (body, rnd, crc)

    def macaroon():
        raw = (b"0019location matrix.fabrikam.org\n0013identifier key\n0010cid gen = 1\n"
               + b"002dcid user_id = @mara:matrix.fabrikam.org\n0016cid type = access\n"
               + b"0021cid nonce = " + g.alnum(16).encode() + b"\n002fsignature "
               + bytes(r.getrandbits(8) for _ in range(32)) + b"\n")
        return base64.b64encode(raw).decode().rstrip("=").replace("+", "-").replace("/", "_")

    def telegram():
        return "%d:AA%s" % (r.randint(10**9, 8 * 10**9), g.chars(B64URL, 33))

    def twitch():
        return g.chars(LOWNUM, 30)

    def owm():
        return g.hex(32)

    # ================================================================ mail
    p1 = pw()
    add("dotfiles/.config/getmail/getmailrc", "getmailrc-retriever-password", f"""[retriever]
type = SimpleIMAPSSLRetriever
server = imap.northwind-apps.com
port = 993
username = lena.fischer@northwind-apps.com
password = {p1}
mailboxes = ("INBOX", "Lists")

[destination]
type = MDA_external
path = /usr/bin/procmail
unixfrom = true

[options]
verbose = 0
read_all = false
delete = false
message_log = ~/.local/state/getmail/log
""", [p1])

    p1, p2 = pw(), app_pw(False)
    add("dotfiles/.config/himalaya/config.toml", "himalaya-v1-auth-raw", f"""display-name = "Lena Fischer"
downloads-dir = "~/Downloads"

[accounts.work]
default = true
email = "lena.fischer@northwind-apps.com"
folder.aliases.sent = "Sent Items"

backend.type = "imap"
backend.host = "outlook.office365.com"
backend.port = 993
backend.encryption.type = "tls"
backend.login = "lena.fischer@northwind-apps.com"
backend.auth.type = "password"
backend.auth.raw = "{p1}"

message.send.backend.type = "smtp"
message.send.backend.host = "smtp.office365.com"
message.send.backend.port = 587
message.send.backend.encryption.type = "start-tls"
message.send.backend.login = "lena.fischer@northwind-apps.com"
message.send.backend.auth.type = "password"
message.send.backend.auth.raw = "{p1}"

[accounts.personal]
email = "lenafischer.home@gmail.com"
backend.type = "imap"
backend.host = "imap.gmail.com"
backend.port = 993
backend.login = "lenafischer.home@gmail.com"
backend.auth.type = "password"
backend.auth.raw = "{p2}"
""", [p1, p2])

    p1 = pw()
    add("dotfiles/.config/neomutt/accounts/fastmail", "neomutt-account-my-pass", f"""# vim: filetype=neomuttrc
set my_user = "tom.okafor@fastmail.com"
set my_pass = "{p1}"

set realname = "Tom Okafor"
set from = $my_user
set imap_user = $my_user
set imap_pass = $my_pass
set folder = "imaps://imap.fastmail.com:993"
set spoolfile = "+INBOX"
set record = "+Sent"
set postponed = "+Drafts"
set smtp_url = "smtps://$my_user@smtp.fastmail.com:465"
set smtp_pass = $my_pass
set ssl_force_tls = yes

mailboxes =INBOX =Sent =Drafts =Archive
""", [p1])

    p1 = pw()
    add("dotfiles/.davmail.properties", "davmail-properties-proxy", f"""davmail.server=true
davmail.mode=O365Modern
davmail.url=https://outlook.office365.com/EWS/Exchange.asmx
davmail.imapPort=1143
davmail.smtpPort=1025
davmail.caldavPort=1080
davmail.ldapPort=1389
davmail.allowRemote=false
davmail.bindAddress=127.0.0.1
davmail.enableProxy=true
davmail.useSystemProxies=false
davmail.proxyHost=proxy.corp.northwind-apps.com
davmail.proxyPort=3128
davmail.proxyUser=NORTHWIND\\\\lfischer
davmail.proxyPassword={p1}
davmail.oauth.persistToken=true
davmail.logFilePath=/home/lena/.local/state/davmail.log
log4j.rootLogger=WARN
""", [p1])

    a1, gt = app_pw(True), g.gh_token()
    add("dotfiles/.authinfo", "emacs-authinfo", f"""machine imap.gmail.com login ravi.menon.dev@gmail.com port 993 password "{a1}"
machine smtp.gmail.com login ravi.menon.dev@gmail.com port 587 password "{a1}"
machine api.github.com login rmenon^forge password {gt}
""", [a1, gt])

    p1, p2 = pw(), human()
    add("dotfiles/.davfs2/secrets", "davfs2-secrets", f"""# davfs2 secrets file: <mount point or url> <username> <password>
# chmod 600 ~/.davfs2/secrets
/home/ravi/cloud ravi {p1}
https://dav.box.fabrikam.org/remote.php/dav/files/ravi/ ravi "{p2}"
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("dotfiles/.config/vdirsyncer/config", "vdirsyncer-config-password", f"""[general]
status_path = "~/.local/share/vdirsyncer/status/"

[pair calendars]
a = "calendars_remote"
b = "calendars_local"
collections = ["from a", "from b"]
metadata = ["color", "displayname"]

[storage calendars_remote]
type = "caldav"
url = "https://cloud.contoso-hosting.net/remote.php/dav/"
username = "ravi"
password = "{p1}"

[storage calendars_local]
type = "filesystem"
path = "~/.local/share/calendars/"
fileext = ".ics"

[pair contacts]
a = "contacts_remote"
b = "contacts_local"
collections = ["from a"]

[storage contacts_remote]
type = "carddav"
url = "https://carddav.fastmail.com/"
username = "ravi@fastmail.com"
password = "{p2}"

[storage contacts_local]
type = "filesystem"
path = "~/.local/share/contacts/"
fileext = ".vcf"
""", [p1, p2])

    # ================================================================ chat
    p1, p2 = human(), pw()
    add("dotfiles/.config/weechat/sec.conf", "weechat-sec-conf-plain", f"""#
# weechat -- sec.conf
#
# WARNING: It is NOT recommended to edit this file by hand,
# especially if WeeChat is running.
#
# Use commands like /set or /fset to change settings in WeeChat.
#
# For more info, see: https://weechat.org/doc/weechat/quickstart/
#

config_version = 1

[crypt]
cipher = aes256
hash_algo = sha256
passphrase_command = ""
salt = on

[data]
__passphrase__ = off
libera_sasl = "{p1}"
oftc_nickserv = "{p2}"
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("dotfiles/etc/bitlbee/bitlbee.conf", "bitlbee-conf-passwords", f"""[settings]
RunMode = ForkDaemon
User = bitlbee
DaemonInterface = 127.0.0.1
DaemonPort = 6667
AuthMode = Closed
AuthPassword = {p1}
OperPassword = {p2}
ConfigDir = /var/lib/bitlbee
Motd = /etc/bitlbee/motd.txt

[defaults]
private = 1
""", [p1, p2])

    t1 = matrix_syt("@mara:matrix.fabrikam.org")
    add("dotfiles/.config/matrix-commander/credentials.json", "matrix-commander-credentials",
        json.dumps({"homeserver": "https://matrix.fabrikam.org", "device_id": g.chars(string.ascii_uppercase, 10),
                    "user_id": "@mara:matrix.fabrikam.org", "room_id": "!" + g.alnum(18) + ":matrix.fabrikam.org",
                    "access_token": t1}, indent=4) + "\n", [t1])

    t1 = macaroon()
    add("dotfiles/.config/gomuks/config.yaml", "gomuks-legacy-config-token", f"""mxid: '@mara:matrix.fabrikam.org'
device_id: {g.chars(string.ascii_uppercase, 10)}
access_token: {t1}
homeserver: https://matrix.fabrikam.org
room_cache_size: 32
room_cache_age: 1800
notify_sound: true
send_to_verified_only: false
backspace1_removes_word: true
""", [t1])

    t1 = telegram()
    add("dotfiles/.config/telegram-send.conf", "telegram-send-conf", f"""[telegram]
token = {t1}
chat_id = {r.randint(10**8, 10**9)}
""", [t1])

    t1 = "A" + g.chars(B62 + ".-_", 14)
    add("dotfiles/.config/gotify/cli.json", "gotify-cli-json", json.dumps({
        "token": t1, "url": "https://push.contoso-hosting.net", "defaultPriority": 5}, indent=2) + "\n", [t1])

    t1, u1 = "a" + g.chars(LOWNUM, 29), "u" + g.chars(LOWNUM, 29)
    add("dotfiles/bin/notify-done", "pushover-notify-script", f"""#!/usr/bin/env bash
# notify-done: ping my phone when a long command finishes.  usage: make; notify-done
status=$?
msg="${{1:-done}} (exit $status) on $(hostname -s)"
curl -s \\
  --form-string "token={t1}" \\
  --form-string "user={u1}" \\
  --form-string "title=$(basename "$PWD")" \\
  --form-string "message=$msg" \\
  https://api.pushover.net/1/messages.json > /dev/null
""", [t1, u1])

    # ================================================================ media
    cs, sp, sc = g.chars(B64URL, 43) + "=", pw(), pw()
    add("dotfiles/.config/mopidy/mopidy.conf", "mopidy-conf-spotify-scrobbler", f"""[core]
data_dir = ~/.local/share/mopidy

[audio]
output = pulsesink server=127.0.0.1

[mpd]
enabled = true
hostname = 127.0.0.1
port = 6600

[spotify]
enabled = true
username = 2lqvb8m3k1
password = {sp}
client_id = {g.uuid4()}
client_secret = {cs}
bitrate = 320

[scrobbler]
enabled = true
username = dj_kalo
password = {sc}

[local]
media_dir = ~/Music
""", [sp, cs, sc])

    p1 = pw()
    add("dotfiles/.config/spotifyd/spotifyd.conf", "spotifyd-conf-password", f"""[global]
username = "kalo.music@gmail.com"
password = "{p1}"
backend = "pulseaudio"
device_name = "thinkpad-spotifyd"
bitrate = 320
cache_path = "/home/kalo/.cache/spotifyd"
volume_normalisation = true
normalisation_pregain = -10
device_type = "computer"
""", [p1])

    d1, a1, f1 = g.alnum(40), g.alnum(10), g.hex(32)
    add("dotfiles/.config/beets/config.yaml", "beets-config-plugin-keys", f"""directory: ~/Music/library
library: ~/.local/share/beets/library.db

plugins: fetchart embedart lastgenre discogs chroma scrub replaygain

import:
    move: yes
    write: yes

discogs:
    user_token: {d1}
    index_tracks: yes

acoustid:
    apikey: {a1}

fetchart:
    auto: yes
    sources: filesystem coverart itunes amazon albumart fanarttv
    fanarttv_key: {f1}

lastgenre:
    canonical: yes
    count: 3
""", [d1, a1, f1])

    p1, p2 = pw(), pw()
    add("dotfiles/.mpdscribble/mpdscribble.conf", "mpdscribble-conf", f"""# mpdscribble configuration
log = /home/kalo/.mpdscribble/mpdscribble.log
verbose = 1
host = localhost
port = 6600

[last.fm]
url = https://post.audioscrobbler.com/
username = dj_kalo
password = {p1}
journal = /home/kalo/.mpdscribble/lastfm.journal

[libre.fm]
url = https://turtle.libre.fm/
username = dj_kalo
password = {p2}
journal = /home/kalo/.mpdscribble/librefm.journal
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("dotfiles/.config/mpd/mpd.conf", "mpd-conf-password-permissions", f"""music_directory    "~/Music"
playlist_directory "~/.config/mpd/playlists"
db_file            "~/.config/mpd/database"
log_file           "syslog"
state_file         "~/.local/state/mpd/state"
bind_to_address    "0.0.0.0"
port               "6600"

password           "{p1}@read,add,control,admin"
password           "{p2}@read"
default_permissions "read"

audio_output {{
    type  "pulse"
    name  "pulse audio"
}}
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("dotfiles/.config/qBittorrent/qBittorrent.conf", "qbittorrent-conf-plain-passwords", f"""[Application]
FileLogger\\Enabled=true
FileLogger\\Path=/home/kalo/.local/share/qBittorrent/logs

[BitTorrent]
Session\\DefaultSavePath=/home/kalo/Downloads/torrents
Session\\Port=51413
Session\\QueueingSystemEnabled=true

[Network]
Proxy\\AuthEnabled=true
Proxy\\IP=nl-ams.vpn.contoso-hosting.net
Proxy\\Password={p1}
Proxy\\Port=@Variant(\\0\\0\\0\\x85\\x4\\x38)
Proxy\\Type=SOCKS5
Proxy\\Username=p7712034

[Preferences]
MailNotification\\email=kalo.music@gmail.com
MailNotification\\enabled=true
MailNotification\\password={p2}
MailNotification\\req_auth=true
MailNotification\\req_ssl=true
MailNotification\\sender=qbittorrent@kalo.home
MailNotification\\smtp_server=smtp.gmail.com
MailNotification\\username=kalo.music@gmail.com
WebUI\\Port=8080
WebUI\\LocalHostAuth=false
""", [p1, p2])

    s1, p1 = g.alnum(32), pw()
    add("dotfiles/.config/aria2/aria2.conf", "aria2-conf-rpc-secret", f"""dir=${{HOME}}/Downloads
continue=true
max-concurrent-downloads=5
max-connection-per-server=16
split=16
min-split-size=4M

enable-rpc=true
rpc-listen-all=false
rpc-listen-port=6800
rpc-secret={s1}
rpc-allow-origin-all=true

http-user=kalo
http-passwd={p1}

bt-enable-lpd=true
seed-ratio=1.0
""", [s1, p1])

    p1, p2 = pw(), pw()
    add("dotfiles/.config/youtube-dl/config", "youtube-dl-config-short-options", f"""# Lines starting with # are comments

-o ~/Videos/%(uploader)s/%(title)s.%(ext)s
-f bestvideo[height<=1080]+bestaudio/best
--restrict-filenames
--no-mtime
-u kalo.music@gmail.com
-p {p1}
--ap-mso Spectrum
--ap-username kalo77
--ap-password {p2}
--write-sub --sub-lang en
""", [p1, p2])

    p1 = pw()
    add("dotfiles/.config/pianobar/config", "pianobar-config-password", f"""# pianobar config
user = kalo.music@gmail.com
password = {p1}
audio_quality = high
autostart_station = 4183224851830274
event_command = /home/kalo/.config/pianobar/eventcmd.sh
fifo = /home/kalo/.config/pianobar/ctl
format_nowplaying_song = [32m%t[0m by [34m%a[0m on %l
""", [p1])

    p1, t1 = pw(), g.chars(B64URL, 43)
    add("dotfiles/.newsboat/config", "newsboat-config-sync-passwords", f"""# general
auto-reload yes
reload-time 30
max-items 200
browser "firefox %u"

# Nextcloud News
#urls-source "ocnews"
ocnews-url "https://cloud.contoso-hosting.net"
ocnews-login "kalo"
ocnews-password "{p1}"

# Miniflux (current)
urls-source "miniflux"
miniflux-url "https://rss.kalo.home/"
miniflux-token "{t1}"

color listnormal cyan default
color listfocus black yellow standout bold
""", [p1, t1])

    t1, p1 = twitch(), pw()
    add("dotfiles/.config/streamlink/config", "streamlink-config-twitch-oauth", f"""# streamlink config
player=mpv
player-args=--cache=yes --demuxer-max-bytes=128MiB
default-stream=best,1080p60,720p60
retry-streams=5

twitch-disable-ads
twitch-low-latency
twitch-api-header=Authorization=OAuth {t1}

crunchyroll-username=kalo.music@gmail.com
crunchyroll-password={p1}
""", [t1, p1])

    s1 = g.hex(32)
    add("dotfiles/.config/spotify-tui/client.yml", "spotify-tui-client-yml", f"""---
client_id: {g.hex(32)}
client_secret: {s1}
device_id: {g.hex(40)}
port: 8888
""", [s1])

    # ================================================================ sync and backup
    p1 = pw()
    add("dotfiles/bin/nc-sync", "nextcloudcmd-cron-script", f"""#!/bin/sh
# crontab: */15 * * * * $HOME/bin/nc-sync
exec nextcloudcmd --non-interactive --silent \\
    --user ravi --password '{p1}' \\
    --exclude "$HOME/.config/Nextcloud/sync-exclude.lst" \\
    "$HOME/Nextcloud" https://cloud.contoso-hosting.net
""", [p1])

    s1 = g.chars(B62 + "+/", 32)
    add("dotfiles/.config/task/taskrc", "taskwarrior3-sync-secret", f"""# Taskwarrior 3 configuration
data.location=~/.local/share/task
news.version=3.1.0
weekstart=monday
color.theme=dark-256

# sync to my taskchampion server
sync.server.url=https://tasks.kalo.home
sync.server.client_id={g.uuid4()}
sync.encryption_secret={s1}

# old taskd setup, kept for the laptop that still runs 2.6
taskd.server=tasks.kalo.home:53589
taskd.credentials=Home/kalo/{g.uuid4()}
taskd.certificate=~/.task/kalo.cert.pem
taskd.key=~/.task/kalo.key.pem
taskd.ca=~/.task/ca.cert.pem
# taskd.trust=ignore hostname
#uda.reviewed.type=date
""", [s1])

    p1, p2 = g.url_password(), g.url_password()  # lftp percent-encodes a bookmark's password
    add("dotfiles/.local/share/lftp/bookmarks", "lftp-bookmarks-passwords", f"""seedbox\tsftp://kalo:{p1}@sb12.contoso-hosting.net:2222/home/kalo/downloads
nas\tftp://media:{p2}@192.168.1.20/volume1/media
mirror\tftp://ftp.fau.de/debian/
""", [p1, p2])

    # ================================================================ shells
    gt, oa, bp, hb = g.gh_token(), openai(), human(), g.gh_token()
    add("dotfiles/.config/fish/config.fish", "fish-config-set-gx", f"""if status is-interactive
    set -g fish_greeting
    fish_vi_key_bindings
    starship init fish | source
    zoxide init fish | source
end

fish_add_path ~/.local/bin ~/.cargo/bin ~/go/bin

set -gx EDITOR nvim
set -gx GITHUB_TOKEN {gt}
set -gx OPENAI_API_KEY "{oa}"
set -x BORG_REPO ssh://u381223@u381223.your-storagebox.de:23/./backups/thinkpad
set -x BORG_PASSPHRASE '{bp}'
set -Ux HOMEBREW_GITHUB_API_TOKEN {hb}

abbr -a k kubectl
abbr -a gs git status
""", [gt, oa, bp, hb])

    gt, ak, wk = g.gh_token(), anthropic(), "waka_" + g.uuid4()
    esc = lambda v: "".join(c if (c.isascii() and c.isalnum()) or c in "/_" else "\\x%02x" % ord(c) for c in v)
    add("dotfiles/.config/fish/fish_variables", "fish-universal-variables", f"""# This file contains fish universal variable definitions.
# VERSION: 3.0
SETUVAR --export ANTHROPIC_API_KEY:{esc(ak)}
SETUVAR --export GITHUB_TOKEN:{esc(gt)}
SETUVAR --export WAKATIME_API_KEY:{esc(wk)}
SETUVAR __fish_initialized:3400
SETUVAR fish_color_autosuggestion:555\\x1ebrblack
SETUVAR fish_color_command:blue
SETUVAR fish_color_comment:red
SETUVAR fish_key_bindings:fish_default_key_bindings
SETUVAR fish_user_paths:/home/mara/\\x2elocal/bin\\x1e/home/mara/\\x2ecargo/bin
""", [esc(ak), esc(gt), esc(wk)])

    oa, gp, at = openai(), glpat(), atlassian()
    add("dotfiles/.config/nushell/env.nu", "nushell-env-nu", f"""# env.nu
$env.EDITOR = "hx"
$env.PATH = ($env.PATH | split row (char esep) | prepend $"($env.HOME)/.local/bin")

$env.OPENAI_API_KEY = "{oa}"
$env.GITLAB_TOKEN = '{gp}'
$env.JIRA_API_TOKEN = "{at}"
$env.JIRA_USER = "mara@fabrikam.org"

$env.STARSHIP_SHELL = "nu"
""", [oa, gp, at])

    t1, t2, p1 = g.gh_token(), g.hex(40), pw()
    add("dotfiles/.bash_aliases", "bash-aliases-inline-tokens", f"""alias ll='ls -alF'
alias la='ls -A'
alias gpr='GH_TOKEN={t1} gh pr list --author @me'
alias todo='curl -s -H "Authorization: Bearer {t2}" https://api.todoist.com/rest/v2/tasks | jq -r ".[].content"'
alias vpnup='echo {p1} | sudo openconnect --user=mara --passwd-on-stdin vpn.fabrikam.org'
alias dc='docker compose'

weather() {{
    curl -s "wttr.in/${{1:-Berlin}}?format=3"
}}
""", [t1, t2, p1])

    k1, k2, k3 = g.hex(40), "waka_" + g.uuid4(), g.alnum(32)
    add("dotfiles/.config/zsh/.zshenv", "zshenv-multi-assign-export", f"""export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
export ZDOTDIR="$XDG_CONFIG_HOME/zsh"
export TODOIST_API_TOKEN={k1} WAKATIME_API_KEY={k2}
typeset -gx DEEPL_AUTH_KEY={k3}
typeset -U path
path=($HOME/.local/bin $path)
""", [k1, k2, k3])

    # ================================================================ editors and desktop
    oa, gs, ep = openai(), "GOCSPX-" + g.chars(B64URL, 28), pw()
    add("dotfiles/.emacs.d/init.el", "emacs-init-setq", f""";;; init.el --- my emacs config  -*- lexical-binding: t -*-

(setq user-full-name "Ravi Menon"
      user-mail-address "ravi.menon.dev@gmail.com")

(use-package gptel
  :ensure t
  :config
  (setq gptel-api-key "{oa}"
        gptel-model 'gpt-4o))

(use-package org-gcal
  :ensure t
  :init
  (setq org-gcal-client-id "{r.randint(10**11, 10**12 - 1)}-{g.chars(LOWNUM, 32)}.apps.googleusercontent.com"
        org-gcal-client-secret "{gs}"
        org-gcal-fetch-file-alist '(("ravi.menon.dev@gmail.com" . "~/org/schedule.org"))))

(setq erc-nick "rmenon"
      erc-password "{ep}"
      erc-server "irc.libera.chat")

(provide 'init)
;;; init.el ends here
""", [oa, gs, ep])

    oa, p1 = openai(), human()
    add("dotfiles/.config/espanso/match/private.yml", "espanso-match-secrets", f"""# espanso match file (private)
matches:
  - trigger: ":mail"
    replace: "ravi.menon.dev@gmail.com"

  - trigger: ":oai"
    replace: "{oa}"

  - trigger: ":wpw"
    replace: "{p1}"

  - trigger: ":date"
    replace: "{{{{mydate}}}}"
    vars:
      - name: mydate
        type: date
        params:
          format: "%Y-%m-%d"
""", [oa, p1])

    # ================================================================ CLI tool configs
    gp, sh = glpat(), g.chars(B64URL, 20)
    add("dotfiles/.config/glab-cli/config.yml", "glab-config-yml", f"""git_protocol: ssh
editor: nvim
browser: firefox
glamour_style: dark
check_update: false
display_hyperlinks: false
host: gitlab.com
no_prompt: false
hosts:
    gitlab.com:
        token: {gp}
        api_host: gitlab.com
        git_protocol: ssh
        api_protocol: https
        user: mara-k
    git.fabrikam.org:
        token: {sh}
        api_host: git.fabrikam.org
        git_protocol: https
        api_protocol: https
        user: mkrause
""", [gp, sh])

    t1, t2 = g.hex(40), g.hex(40)
    add("dotfiles/.config/tea/config.yml", "tea-config-yml", f"""logins:
- name: codeberg.org
  url: https://codeberg.org
  token: {t1}
  default: true
  ssh_host: codeberg.org
  ssh_key: ""
  insecure: false
  ssh_certificate_principal: ""
  ssh_agent: false
  ssh_key_agent_pub: ""
  version_check: true
  user: mara-k
  created: 1712563021
- name: home
  url: https://git.kalo.home
  token: {t2}
  default: false
  ssh_host: git.kalo.home
  ssh_key: /home/mara/.ssh/id_ed25519
  insecure: true
  user: mara
  created: 1698230455
preferences:
  editor: false
  flag_defaults:
    remote: ""
""", [t1, t2])

    t1 = g.hex(40)
    add("dotfiles/.config/hub", "hub-config-oauth-token", f"""github.com:
- user: mkrause
  oauth_token: {t1}
  protocol: https
""", [t1])

    t1 = g.hex(40)
    add("dotfiles/.config/todoist/config.json", "todoist-cli-config", json.dumps(
        {"token": t1, "color": "true", "shortdatetimeformat": "01/02 15:04"}, indent=2) + "\n", [t1])

    k1 = "waka_" + g.uuid4()
    add("dotfiles/.wakatime.cfg", "wakatime-cfg", f"""[settings]
api_key = {k1}
debug = false
hidefilenames = false
exclude =
    ^COMMIT_EDITMSG$
    ^TAG_EDITMSG$
    ^/var/(?!www/).*
include_only_with_project_file = false
status_bar_enabled = true
""", [k1])

    t1 = ngrok_token()
    add("dotfiles/.ngrok2/ngrok.yml", "ngrok-yml-v2-authtoken", f"""authtoken: {t1}
region: eu
console_ui: true
tunnels:
  web:
    proto: http
    addr: 3000
    subdomain: mara-dev
  ssh:
    proto: tcp
    addr: 22
""", [t1])

    t1, k1 = ngrok_token(), ngrok_token()
    add("dotfiles/.config/ngrok/ngrok.yml", "ngrok-yml-v3-agent", f"""version: "3"
agent:
    authtoken: {t1}
    api_key: {k1}
    log_level: warn
endpoints:
  - name: api
    url: https://mara-api.ngrok.app
    upstream:
      url: 8080
""", [t1, k1])

    p1, p2 = pw(), pw()
    add("dotfiles/.wgetrc", "wgetrc-passwords", f"""# ~/.wgetrc
timestamping = on
tries = 3
continue = on
robots = off
user_agent = Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0

http_user = mara
http_password = {p1}
use_proxy = on
https_proxy = http://proxy.fabrikam.org:3128/
proxy_user = mkrause
proxy_password = {p2}
""", [p1, p2])

    p1, t1 = pw(), g.alnum(40)
    add("dotfiles/.curlrc", "curlrc-user-and-bearer", f"""# ~/.curlrc
--silent
--show-error
--location
--connect-timeout 10
user-agent = "curl-dotfiles/1.0"
proxy = "http://proxy.fabrikam.org:3128"
proxy-user = "mkrause:{p1}"
oauth2-bearer = "{t1}"
""", [p1, t1])

    rt = "1//0" + g.chars("cdefg", 1) + g.chars(B64URL, 98)
    add("dotfiles/.config/gcloud/application_default_credentials.json", "gcloud-adc-authorized-user",
        json.dumps({"account": "", "client_id": "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com",
                    "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty", "quota_project_id": "mara-sandbox-4112",
                    "refresh_token": rt, "type": "authorized_user",
                    "universe_domain": "googleapis.com"}, indent=2) + "\n", [rt])

    oa = openai()
    add("dotfiles/.config/shell_gpt/.sgptrc", "shell-gpt-sgptrc", f"""CHAT_CACHE_PATH=/tmp/chat_cache
CACHE_PATH=/tmp/cache
CHAT_CACHE_LENGTH=100
CACHE_LENGTH=100
REQUEST_TIMEOUT=60
DEFAULT_MODEL=gpt-4o
DEFAULT_COLOR=magenta
ROLE_STORAGE_PATH=/home/mara/.config/shell_gpt/roles
DEFAULT_EXECUTE_SHELL_CMD=false
DISABLE_STREAMING=false
CODE_THEME=dracula
OPENAI_FUNCTIONS_PATH=/home/mara/.config/shell_gpt/functions
OPENAI_USE_FUNCTIONS=true
SHOW_FUNCTIONS_OUTPUT=false
API_BASE_URL=default
PRETTIFY_MARKDOWN=true
USE_LITELLM=false
SHELL_INTERACTION=true
OS_NAME=auto
SHELL_NAME=auto
OPENAI_API_KEY={oa}
""", [oa])

    # ================================================================ status bars
    k1 = owm()
    add("dotfiles/.config/polybar/scripts/weather.sh", "polybar-weather-script-key", f"""#!/bin/sh
# polybar module: custom/script exec = ~/.config/polybar/scripts/weather.sh

get_icon() {{
    case $1 in
        01d) icon="" ;;
        01n) icon="" ;;
        *) icon="" ;;
    esac
    echo $icon
}}

KEY="{k1}"
CITY="2950159"
UNITS="metric"
SYMBOL="°"

API="https://api.openweathermap.org/data/2.5"

if [ -n "$CITY" ]; then
    weather=$(curl -sf "$API/weather?appid=$KEY&id=$CITY&units=$UNITS")
fi

if [ -n "$weather" ]; then
    weather_temp=$(echo "$weather" | jq ".main.temp" | cut -d "." -f 1)
    weather_icon=$(echo "$weather" | jq -r ".weather[0].icon")
    echo "$(get_icon "$weather_icon")" "$weather_temp$SYMBOL"
fi
""", [k1])

    k1 = owm()
    add("dotfiles/.config/i3blocks/config", "i3blocks-block-variables", f"""command=$SCRIPT_DIR/$BLOCK_NAME
separator_block_width=15
markup=none

[volume]
instance=Master
interval=once
signal=10

[weather]
command=~/.config/i3blocks/scripts/openweather
API_KEY={k1}
CITY_ID=2643743
UNITS=metric
interval=1800

[time]
command=date '+%a %d %b %H:%M'
interval=5
""", [k1])

    k1 = owm()
    add("dotfiles/.config/waybar/config.jsonc", "waybar-custom-module-url", """{
    "layer": "top",
    "position": "top",
    "height": 28,
    "modules-left": ["sway/workspaces", "sway/mode"],
    "modules-center": ["clock"],
    "modules-right": ["custom/weather", "pulseaudio", "network", "battery", "tray"],

    "clock": { "format": "{:%a %d %b  %H:%M}" },

    // weather from openweathermap, refreshed every 30 minutes
    "custom/weather": {
        "exec": "curl -s 'https://api.openweathermap.org/data/2.5/weather?q=Lisbon&units=metric&appid=APPID_VALUE' | jq -r '\\"\\\\(.main.temp|round)°C\\"'",
        "interval": 1800,
        "format": "{}"
    },

    "battery": { "format": "{capacity}% {icon}", "format-icons": ["", "", "", "", ""] }
}
""".replace("APPID_VALUE", k1), [k1])

    k1 = owm()
    add("dotfiles/.conkyrc", "conky-execi-api-key", f"""conky.config = {{
    alignment = 'top_right',
    background = true,
    update_interval = 2,
    use_xft = true,
    font = 'DejaVu Sans Mono:size=9',
}}

conky.text = [[
${{color grey}}Uptime:$color $uptime
${{color grey}}CPU:$color $cpu% ${{cpubar 4}}
${{color grey}}RAM:$color $mem/$memmax
$hr
${{color grey}}Weather:$color ${{execi 1800 curl -s "https://api.openweathermap.org/data/2.5/weather?id=3169070&units=metric&appid={k1}" | jq -r '.main.temp'}}°C
]]
""", [k1])

    # ================================================================ negatives
    add("neg/b33/dotfiles/.config/himalaya/config.toml", "neg-himalaya-auth-cmd", """[accounts.work]
default = true
email = "lena.fischer@example.com"
backend.type = "imap"
backend.host = "imap.example.com"
backend.port = 993
backend.login = "lena.fischer@example.com"
backend.auth.type = "password"
backend.auth.cmd = "pass show mail/work"

message.send.backend.type = "smtp"
message.send.backend.host = "smtp.example.com"
message.send.backend.port = 465
message.send.backend.login = "lena.fischer@example.com"
message.send.backend.auth.type = "password"
message.send.backend.auth.keyring = "work-smtp"
""", negative=True)

    add("neg/b33/dotfiles/.config/vdirsyncer/config", "neg-vdirsyncer-password-fetch", """[general]
status_path = "~/.local/share/vdirsyncer/status/"

[storage calendars_remote]
type = "caldav"
url = "https://cloud.example.org/remote.php/dav/"
username = "ravi"
password.fetch = ["command", "secret-tool", "lookup", "service", "nextcloud"]

[storage contacts_remote]
type = "carddav"
url = "https://carddav.fastmail.com/"
username.fetch = ["command", "pass", "show", "fastmail/user"]
password.fetch = ["command", "pass", "show", "fastmail/app-password"]
""", negative=True)

    add("neg/b33/dotfiles/.config/spotifyd/spotifyd.conf", "neg-spotifyd-password-cmd", """[global]
username = "kalo"
password_cmd = "pass show spotify | head -1"
use_keyring = false
backend = "pulseaudio"
device_name = "thinkpad-spotifyd"
bitrate = 320
""", negative=True)

    add("neg/b33/dotfiles/.config/weechat/sec.conf", "neg-weechat-sec-conf-encrypted", f"""#
# weechat -- sec.conf
#

config_version = 1

[crypt]
cipher = aes256
hash_algo = sha256
passphrase_command = "/usr/bin/pass show weechat"
salt = on

[data]
__passphrase__ = on
libera_sasl = "{g.upper_hex(96)}"
oftc_nickserv = "{g.upper_hex(112)}"
""", negative=True)

    salt, dk = g.b64(16), g.b64(64)
    add("neg/b33/dotfiles/.config/qBittorrent/qBittorrent.conf", "neg-qbittorrent-pbkdf2-verifier", f"""[BitTorrent]
Session\\DefaultSavePath=/home/kalo/Downloads

[Preferences]
WebUI\\Enabled=true
WebUI\\Port=8080
WebUI\\Username=admin
WebUI\\Password_PBKDF2="@ByteArray({salt}:{dk})"
WebUI\\LocalHostAuth=false
""", negative=True)

    def ff_enc():
        return base64.b64encode(b"\x30\x3a\x04\x10\xf8" + bytes(15) + b"\x01\x30\x14\x06\x08\x2a\x86\x48\x86\xf7\x0d\x03\x07\x04\x08"
                                       + bytes(r.getrandbits(8) for _ in range(8)) + b"\x04\x10"
                                       + bytes(r.getrandbits(8) for _ in range(16))).decode()
    add("neg/b33/dotfiles/.mozilla/firefox/k3v9x2a1.default-release/logins.json", "neg-firefox-logins-encrypted",
        json.dumps({"nextId": 3, "logins": [
            {"id": 1, "hostname": "https://accounts.example.com", "httpRealm": None, "formSubmitURL": "https://accounts.example.com",
             "usernameField": "email", "passwordField": "password", "encryptedUsername": ff_enc(), "encryptedPassword": ff_enc(),
             "guid": "{" + g.uuid4() + "}", "encType": 1, "timeCreated": 1700000000123, "timeLastUsed": 1705000000456,
             "timePasswordChanged": 1700000000123, "timesUsed": 4},
            {"id": 2, "hostname": "https://forum.example.org", "httpRealm": None, "formSubmitURL": "",
             "usernameField": "", "passwordField": "", "encryptedUsername": ff_enc(), "encryptedPassword": ff_enc(),
             "guid": "{" + g.uuid4() + "}", "encType": 1, "timeCreated": 1701000000789, "timeLastUsed": 1701000000789,
             "timePasswordChanged": 1701000000789, "timesUsed": 1}],
            "potentiallyVulnerablePasswords": [], "dismissedBreachAlertsByLoginGUID": {}, "version": 3}) + "\n",
        negative=True)

    add("neg/b33/dotfiles/.config/fish/config.fish", "neg-fish-config-command-lookups", """if status is-interactive
    set -g fish_greeting
end

set -gx EDITOR nvim
set -gx GITHUB_TOKEN (gh auth token)
set -gx OPENAI_API_KEY (op read "op://Private/OpenAI/credential")
set -x BORG_PASSCOMMAND "pass show borg/thinkpad"
set -x RESTIC_PASSWORD_FILE ~/.config/restic/password
set -Ux HOMEBREW_GITHUB_API_TOKEN (security find-generic-password -s homebrew -w)
""", negative=True)

    add("neg/b33/dotfiles/.zshrc", "neg-zshrc-secret-lookups", """export PATH="$HOME/.local/bin:$PATH"
export OPENAI_API_KEY="$(pass show api/openai)"
export ANTHROPIC_API_KEY=$(secret-tool lookup service anthropic)
export GITLAB_TOKEN="${GITLAB_TOKEN:-$(gopass show -o gitlab/token)}"
export TODOIST_API_TOKEN="$(cat ~/.config/todoist/token 2>/dev/null)"
export WAKATIME_API_KEY=""
alias gpr='gh pr list --author @me'
""", negative=True)

    add("neg/b33/dotfiles/.newsboat/config", "neg-newsboat-passwordeval", """auto-reload yes
urls-source "ocnews"
ocnews-url "https://cloud.example.org"
ocnews-login "kalo"
ocnews-passwordeval "pass show nextcloud/newsboat"
#miniflux-token "<your miniflux api token>"
miniflux-passwordfile "~/.config/newsboat/miniflux.pass"
""", negative=True)

    add("neg/b33/dotfiles/.wakatime.cfg", "neg-wakatime-vault-cmd", """[settings]
api_key_vault_cmd = pass show wakatime/api-key
debug = false
hidefilenames = false
status_bar_enabled = true
""", negative=True)

    add("neg/b33/dotfiles/.config/aria2/aria2.conf.example", "neg-aria2-conf-template", """## aria2 sample config: copy to ~/.config/aria2/aria2.conf
dir=${HOME}/Downloads
enable-rpc=true
rpc-listen-port=6800
# Set a token and pass it as "token:<secret>" from the web UI
rpc-secret=<RPC_SECRET>
#http-user=
#http-passwd=
""", negative=True)

    add("neg/b33/dotfiles/.config/getmail/getmailrc", "neg-getmailrc-password-command", """[retriever]
type = SimpleIMAPSSLRetriever
server = imap.example.com
username = lena
password_command = ("/usr/bin/pass", "show", "mail/imap")

[destination]
type = Maildir
path = ~/Mail/INBOX/
""", negative=True)

    add("neg/b33/dotfiles/.config/mopidy/mopidy.conf", "neg-mopidy-conf-placeholders", """[spotify]
enabled = true
# get client_id and client_secret from https://mopidy.com/ext/spotify/#authentication
client_id = ... client_id value you got from mopidy.com ...
client_secret = ... client_secret value you got from mopidy.com ...

[scrobbler]
enabled = false
username =
password =
""", negative=True)
