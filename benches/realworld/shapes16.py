"""Sixteenth batch of the real-world set: homelab and personal software.

Written blind (committed before any scanner ran on it) from how these files look on the machines
of people who self-host and then commit their dotfiles or `docker` folders: the *arr apps'
`config.xml` (API keys), SABnzbd and NZBGet (Usenet server passwords, API keys), Transmission's
`settings.json` before its first start, Deluge's `auth` file, Plex `Preferences.xml`, Syncthing
`config.xml`, Kodi `advancedsettings.xml` and `sources.xml`, game servers (Minecraft
`server.properties`, Source `server.cfg`, Factorio `server-settings.json`, ARK
`GameUserSettings.ini`, Terraria `serverconfig.txt`, a Valheim start script, Mumble `murmur.ini`,
the TeamSpeak first-start log), version control other than git (Mercurial `[auth]`, Subversion
`svn.simple` cache entries and `servers` proxy passwords, Perforce `P4PASSWD` and tickets, Bazaar
`authentication.conf`), chat and mail clients not in earlier batches (ZNC network passwords,
HexChat `servlist.conf`, Pidgin `accounts.xml`, offlineimap, mbsync, aerc account URLs), router
and dynamic DNS configs (OpenWrt UCI wireless/network, ddclient, inadyn), tunnels and notifiers
(frp tokens, Cloudflare Tunnel credentials JSON, ntfy access tokens, Netdata stream API keys),
Paperless-ngx env and a yt-dlp config. Negatives are the same files with the secret read from a
command, left empty or disabled, or written as the documentation's placeholder.
"""

import base64
import json
import string

from shapes import B62, UPPER_ALNUM, without


def build_sixteenth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; ')

    def pw():
        return q(g.password())

    plain = g.url_password

    def human():
        words = ["Gandalf", "Skyrim", "Zelda", "Hobbit", "Creeper", "Dragon", "Pikachu", "Falcon",
                 "Merlin", "Raptor", "Hunter", "Nebula", "Voyager", "Shadow", "Phoenix", "Kraken"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(1980, 2026)) + r.choice("!?*")
        if k == 1:
            return w.lower() + r.choice(["_", "."]) + w[::-1].lower()[:3] + str(r.randint(10, 99))
        return w + r.choice(["Rules", "Lair", "Home", "Box"]) + str(r.randint(1, 999))

    uuid = g.uuid4

    # ================================================================ media automation
    k1 = g.hex(32)
    add("docker/sonarr/config/config.xml", "sonarr-config-xml", f"""<Config>
  <LogLevel>info</LogLevel>
  <EnableSsl>False</EnableSsl>
  <Port>8989</Port>
  <SslPort>9898</SslPort>
  <UrlBase></UrlBase>
  <BindAddress>*</BindAddress>
  <ApiKey>{k1}</ApiKey>
  <AuthenticationMethod>Forms</AuthenticationMethod>
  <AuthenticationRequired>Enabled</AuthenticationRequired>
  <Branch>main</Branch>
  <LaunchBrowser>True</LaunchBrowser>
  <InstanceName>Sonarr</InstanceName>
</Config>
""", [k1])

    k1 = g.hex(32)
    add("homelab/radarr/config.xml", "radarr-config-xml", f"""<Config>
  <BindAddress>*</BindAddress>
  <Port>7878</Port>
  <SslPort>9898</SslPort>
  <EnableSsl>False</EnableSsl>
  <LaunchBrowser>True</LaunchBrowser>
  <ApiKey>{k1}</ApiKey>
  <AuthenticationMethod>External</AuthenticationMethod>
  <Branch>master</Branch>
  <LogLevel>debug</LogLevel>
  <UrlBase>/radarr</UrlBase>
  <UpdateMechanism>Docker</UpdateMechanism>
</Config>
""", [k1])

    k1, k2 = g.hex(32), g.hex(32)
    add("homelab/recyclarr/recyclarr.yml", "recyclarr-yaml", f"""# yaml-language-server: $schema=https://raw.githubusercontent.com/recyclarr/recyclarr/master/schemas/config-schema.json
sonarr:
  series:
    base_url: http://192.168.1.20:8989
    api_key: {k1}
    quality_definition:
      type: series
radarr:
  movies:
    base_url: http://192.168.1.20:7878
    api_key: {k2}
    quality_definition:
      type: movie
""", [k1, k2])

    k1, k2, p1 = g.hex(32), g.hex(32), pw()
    add("docker/sabnzbd/sabnzbd.ini", "sabnzbd-ini", f"""__version__ = 19
__encoding__ = utf-8
[misc]
host = 0.0.0.0
port = 8080
username = ""
password = ""
api_key = {k1}
nzb_key = {k2}
download_dir = /downloads/incomplete
complete_dir = /downloads/complete
[servers]
[[news.usenetprovider.net]]
name = news.usenetprovider.net
displayname = news.usenetprovider.net
host = news.usenetprovider.net
port = 563
timeout = 60
username = hoarder77
password = {p1}
connections = 30
ssl = 1
""", [k1, k2, p1])

    p1, p2 = pw(), human()
    add("homelab/nzbget/nzbget.conf", "nzbget-conf", f"""MainDir=/downloads
DestDir=${{MainDir}}/completed
ControlIP=0.0.0.0
ControlPort=6789
ControlUsername=nzbget
ControlPassword={p2}
Server1.Active=yes
Server1.Name=primary
Server1.Host=news.eweka.nl
Server1.Port=563
Server1.Username=hoarder77
Server1.Password={p1}
Server1.Encryption=yes
Server1.Connections=20
""", [p1, p2])

    p1 = human()
    add("docker/transmission/config/settings.json", "transmission-settings",
        json.dumps({"alt-speed-enabled": False, "download-dir": "/downloads/complete",
                    "incomplete-dir-enabled": True, "peer-port": 51413,
                    "rpc-authentication-required": True, "rpc-bind-address": "0.0.0.0",
                    "rpc-enabled": True, "rpc-password": p1, "rpc-port": 9091,
                    "rpc-username": "transmission", "rpc-whitelist-enabled": False,
                    "speed-limit-up": 100, "umask": 2}, indent=4) + "\n", [p1])

    k1, p1 = g.hex(40), human()
    add("homelab/deluge/auth", "deluge-auth-file", f"""localclient:{k1}:10
admin:{p1}:10
""", [k1, p1])

    t1 = g.chars(B62 + "-_", 20)
    add("homelab/plex/Library/Application Support/Plex Media Server/Preferences.xml",
        "plex-preferences", f"""<?xml version="1.0" encoding="utf-8"?>
<Preferences OldestPreviousVersion="1.32.5.7349-8f4248874" MachineIdentifier="{uuid()}" ProcessedMachineIdentifier="{g.hex(40)}" AnonymousMachineIdentifier="{uuid()}" MetricsEpoch="1" AcceptedEULA="1" FriendlyName="nas" PublishServerOnPlexOnlineKey="1" PlexOnlineHome="1" PlexOnlineToken="{t1}" PlexOnlineUsername="movienight" PlexOnlineMail="movienight@fabrikam.org" TranscoderTempDirectory="/transcode" ManualPortMappingMode="1" ManualPortMappingPort="32400" LanNetworksBandwidth="192.168.1.0/24"/>
""", [t1])

    k1, b1 = g.chars(B62, 32), g.bcrypt()
    add("dotfiles/.config/syncthing/config.xml", "syncthing-config", f"""<configuration version="37">
    <folder id="default" label="Default Folder" path="/home/mk/Sync" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="10" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}-{g.chars(UPPER_ALNUM, 7)}" introducedBy=""></device>
    </folder>
    <gui enabled="true" tls="false" debugging="false">
        <address>0.0.0.0:8384</address>
        <user>mk</user>
        <password>{b1}</password>
        <apikey>{k1}</apikey>
        <theme>default</theme>
    </gui>
</configuration>
""", [k1, b1])

    p1, p2 = plain(), human()
    add("dotfiles/.kodi/userdata/advancedsettings.xml", "kodi-advancedsettings", f"""<advancedsettings>
  <videodatabase>
    <type>mysql</type>
    <host>192.168.1.10</host>
    <port>3306</port>
    <user>kodi</user>
    <pass>{p2}</pass>
  </videodatabase>
  <musicdatabase>
    <type>mysql</type>
    <host>192.168.1.10</host>
    <port>3306</port>
    <user>kodi</user>
    <pass>{p2}</pass>
  </musicdatabase>
  <videolibrary>
    <importwatchedstate>true</importwatchedstate>
  </videolibrary>
</advancedsettings>
""", [p2])

    add("dotfiles/.kodi/userdata/sources.xml", "kodi-sources-smb", f"""<sources>
    <programs>
        <default pathversion="1"></default>
    </programs>
    <video>
        <default pathversion="1"></default>
        <source>
            <name>Movies</name>
            <path pathversion="1">smb://mediauser:{p1}@192.168.1.10/movies/</path>
            <allowsharing>true</allowsharing>
        </source>
        <source>
            <name>TV</name>
            <path pathversion="1">nfs://192.168.1.10/volume1/tv/</path>
            <allowsharing>true</allowsharing>
        </source>
    </video>
</sources>
""", [p1])

    # ================================================================ game servers
    p1, p2 = human(), plain()
    add("servers/minecraft/server.properties", "minecraft-server-properties", f"""#Minecraft server properties
#Sat Mar 02 18:22:41 UTC 2024
enable-jmx-monitoring=false
rcon.port=25575
level-seed=
gamemode=survival
enable-command-block=false
enable-query=false
level-name=world
motd=Friday night survival
query.port=25565
pvp=true
difficulty=easy
network-compression-threshold=256
max-tick-time=60000
require-resource-pack=false
max-players=20
online-mode=true
enable-status=true
allow-flight=false
broadcast-rcon-to-ops=true
view-distance=10
server-ip=
resource-pack-prompt=
allow-nether=true
server-port=25565
enable-rcon=true
rcon.password={p1}
white-list=true
spawn-protection=16
""", [p1])

    p1, p2 = plain(), human()
    add("servers/csgo/cfg/server.cfg", "source-server-cfg", f"""hostname "Office LAN | 128 tick"
rcon_password "{p1}"
sv_password "{p2}"
sv_lan 0
sv_cheats 0
mp_autoteambalance 1
mp_limitteams 2
sv_region 3
log on
sv_logbans 1
""", [p1, p2])

    t1, p1 = g.hex(30), human()
    add("servers/factorio/data/server-settings.json", "factorio-server-settings",
        json.dumps({"name": "Megabase Fridays", "description": "Vanilla, no biters",
                    "tags": ["game", "tags"], "max_players": 0,
                    "visibility": {"public": True, "lan": True},
                    "username": "engineer_kat", "password": "", "token": t1,
                    "game_password": p1, "require_user_verification": True,
                    "max_upload_in_kilobytes_per_second": 0, "autosave_interval": 10,
                    "autosave_slots": 5, "afk_autokick_interval": 0, "auto_pause": True},
                   indent=2) + "\n", [t1, p1])

    p1, p2 = human(), pw()
    add("servers/ark/ShooterGame/Saved/Config/LinuxServer/GameUserSettings.ini", "ark-gameusersettings",
        f"""[ServerSettings]
ShowMapPlayerLocation=True
AllowThirdPersonPlayer=True
ServerCrosshair=True
RCONEnabled=True
RCONPort=27020
ServerPassword={p1}
ServerAdminPassword={p2}
DifficultyOffset=1.0
MaxPlayers=24

[SessionSettings]
SessionName=Dino Dads PvE
Port=7777
QueryPort=27015
""", [p1, p2])

    p1 = human()
    add("servers/terraria/serverconfig.txt", "terraria-serverconfig", f"""#this is an example config file for TerrariaServer.exe
world=/root/.local/share/Terraria/Worlds/hallow.wld
autocreate=2
worldname=hallow
difficulty=1
maxplayers=8
port=7777
password={p1}
motd=Please don't grief.
secure=1
language=en-US
""", [p1])

    p1 = human()
    add("servers/valheim/start_server.sh", "valheim-start-script", f"""#!/bin/bash
export templdpath=$LD_LIBRARY_PATH
export LD_LIBRARY_PATH=./linux64:$LD_LIBRARY_PATH
export SteamAppId=892970

echo "Starting server PRESS CTRL-C to exit"

./valheim_server.x86_64 -name "Mead Hall" -port 2456 -world "Dedicated" -password "{p1}" -crossplay -public 1

export LD_LIBRARY_PATH=$templdpath
""", [p1])

    p1, p2, p3 = human(), pw(), plain()
    add("servers/mumble/murmur.ini", "murmur-ini", f"""database=/var/lib/mumble-server/mumble-server.sqlite
ice="tcp -h 127.0.0.1 -p 6502"
icesecretread=
icesecretwrite={p3}
logfile=/var/log/mumble-server/mumble-server.log
pidfile=/run/mumble-server/mumble-server.pid
welcometext="<br />Welcome to the <b>guild</b> Mumble.<br />"
port=64738
serverpassword={p1}
bandwidth=558000
users=100
registerName=Guild Voice
""", [p1, p3])

    p1, t1 = g.chars(B62 + "+", 8), g.chars(B62 + "+", 40)
    add("servers/teamspeak/logs/first-start.txt", "teamspeak-first-start-log", f"""2024-01-14 19:02:11.483416|INFO    |ServerLibPriv |   |TeamSpeak 3 Server 3.13.7 (2022-06-20 12:21:53)
2024-01-14 19:02:11.483687|INFO    |ServerLibPriv |   |SystemInformation: Linux 6.1.0-17-amd64 #1 SMP x86_64
2024-01-14 19:02:11.512301|INFO    |DatabaseQuery |   |dbPlugin name:    SQLite3 plugin, Version 3, (c)TeamSpeak Systems GmbH

------------------------------------------------------------------
                      I M P O R T A N T
------------------------------------------------------------------
               Server Query Admin Account created
         loginname= "serveradmin", password= "{p1}"
------------------------------------------------------------------

------------------------------------------------------------------
                      I M P O R T A N T
------------------------------------------------------------------
      ServerAdmin privilege key created, please use it to gain
      serveradmin rights for your virtualserver. please
      also check the doc/privilegekey_guide.txt for details.

       token={t1}
------------------------------------------------------------------
""", [p1, t1])

    # ================================================================ version control beyond git
    p1 = pw()
    add("dotfiles/.hgrc", "hgrc-auth", f"""[ui]
username = Mira Kowalski <mira@fabrikam.org>
editor = vim

[extensions]
rebase =
histedit =

[auth]
corp.prefix = https://hg.fabrikam.org
corp.username = mira
corp.password = {p1}
corp.schemes = https
""", [p1])

    p1 = plain()
    add("legacy-repo/.hg/hgrc", "hg-paths-url", f"""[paths]
default = https://builder:{p1}@hg.fabrikam.org/firmware/main
stable = https://hg.fabrikam.org/firmware/stable
""", [p1])

    p1 = human()
    add("dotfiles/.subversion/auth/svn.simple/5671adf2865e267db74f09ba6f872c28", "svn-simple-cache",
        f"""K 8
passtype
V 6
simple
K 8
password
V {len(p1)}
{p1}
K 15
svn:realmstring
V 46
<https://svn.fabrikam.org:443> Fabrikam Subversion
K 8
username
V 4
mira
END
""", [p1])

    p1 = pw()
    add("dotfiles/.subversion/servers", "svn-servers-proxy", f"""[groups]
corp = *.fabrikam.org

[corp]
http-proxy-host = proxy.fabrikam.org
http-proxy-port = 3128
http-proxy-username = mira
http-proxy-password = {p1}

[global]
store-passwords = yes
store-plaintext-passwords = yes
""", [p1])

    p1 = human()
    add("game/.p4config", "p4config", f"""P4PORT=ssl:perforce.fabrikam.org:1666
P4USER=mira
P4PASSWD={p1}
P4CLIENT=mira_ws_main
P4IGNORE=.p4ignore
""", [p1])

    t1 = g.chars("0123456789ABCDEF", 32)
    add("dotfiles/.p4tickets", "p4tickets", f"""ssl:perforce.fabrikam.org:1666=mira:{t1}
""", [t1])

    p1 = pw()
    add("dotfiles/.bazaar/authentication.conf", "bazaar-authentication", f"""[launchpad]
scheme = https
host = bazaar.launchpad.net
user = mira-k

[corp]
scheme = https
host = bzr.fabrikam.org
user = mira
password = {p1}
""", [p1])

    # ================================================================ chat and mail clients
    p1 = human()
    add("dotfiles/.znc/configs/znc.conf", "znc-network-server", f"""Version = 1.8.2
<Listener l>
        Port = 6697
        IPv4 = true
        IPv6 = false
        SSL = true
</Listener>

<User mira>
        Admin = true
        Nick = mira
        AltNick = mira_
        RealName = Mira
        Buffer = 500
        <Network oftc>
                LoadModule = simple_away
                Server = irc.oftc.net +6697 {p1}
                <Chan #homelab>
                </Chan>
        </Network>
</User>
""", [p1])

    p1 = human()
    add("dotfiles/.config/hexchat/servlist.conf", "hexchat-servlist", f"""v=2.16.1

N=Libera.Chat
L=6
E=UTF-8 (Unicode)
F=19
D=0
S=irc.libera.chat
S=irc.eu.libera.chat

N=Corp IRC
U=mira
P={p1}
L=7
E=UTF-8 (Unicode)
F=27
D=0
S=irc.fabrikam.org/6697
""", [p1])

    p1 = pw()
    add("dotfiles/.purple/accounts.xml", "pidgin-accounts", f"""<?xml version='1.0' encoding='UTF-8' ?>

<account version='1.0'>
 <account>
  <protocol>prpl-jabber</protocol>
  <name>mira@chat.fabrikam.org/laptop</name>
  <password>{p1}</password>
  <statuses>
   <status type='available' name='Available' active='true'>
    <attributes/>
   </status>
  </statuses>
  <settings>
   <setting name='connection_security' type='string'>require_tls</setting>
   <setting name='port' type='int'>5222</setting>
  </settings>
 </account>
</account>
""", [p1])

    p1 = pw()
    add("dotfiles/.offlineimaprc", "offlineimaprc", f"""[general]
accounts = Work
maxsyncaccounts = 1

[Account Work]
localrepository = WorkLocal
remoterepository = WorkRemote

[Repository WorkLocal]
type = Maildir
localfolders = ~/Mail/work

[Repository WorkRemote]
type = IMAP
remotehost = imap.fabrikam.org
remoteuser = mira@fabrikam.org
remotepass = {p1}
sslcacertfile = /etc/ssl/certs/ca-certificates.crt
""", [p1])

    p1 = g.chars(string.ascii_lowercase, 16)
    add("dotfiles/.mbsyncrc", "mbsyncrc-pass", f"""IMAPAccount gmail
Host imap.gmail.com
User mira.kowalski@gmail.com
Pass {p1}
SSLType IMAPS
CertificateFile /etc/ssl/certs/ca-certificates.crt

IMAPStore gmail-remote
Account gmail

MaildirStore gmail-local
Subfolders Verbatim
Path ~/Mail/gmail/
Inbox ~/Mail/gmail/Inbox
""", [p1])

    p1 = plain()
    add("dotfiles/.config/aerc/accounts.conf", "aerc-accounts", f"""[Work]
source        = imaps://mira%40fabrikam.org:{p1}@imap.fabrikam.org:993
outgoing      = smtps+plain://mira%40fabrikam.org:{p1}@smtp.fabrikam.org:465
default       = INBOX
from          = Mira Kowalski <mira@fabrikam.org>
copy-to       = Sent
""", [p1])

    # ================================================================ routers and dynamic DNS
    p1 = human()
    add("openwrt-backup/etc/config/wireless", "openwrt-wireless", f"""
config wifi-device 'radio0'
\toption type 'mac80211'
\toption path 'platform/soc/18000000.wifi'
\toption channel '36'
\toption band '5g'
\toption htmode 'HE80'

config wifi-iface 'default_radio0'
\toption device 'radio0'
\toption network 'lan'
\toption mode 'ap'
\toption ssid 'Kowalski-5G'
\toption encryption 'sae-mixed'
\toption key '{p1}'
""", [p1])

    p1 = pw()
    add("openwrt-backup/etc/config/network", "openwrt-network-pppoe", f"""
config interface 'loopback'
\toption device 'lo'
\toption proto 'static'
\toption ipaddr '127.0.0.1'
\toption netmask '255.0.0.0'

config interface 'wan'
\toption device 'eth1.7'
\toption proto 'pppoe'
\toption username 'h4410872@t-online.de'
\toption password '{p1}'
\toption ipv6 'auto'
""", [p1])

    p1, t1 = pw(), g.chars(B62 + "_-", 40)
    add("homelab/ddclient/ddclient.conf", "ddclient-conf", f"""daemon=300
syslog=yes
ssl=yes
use=web, web=checkip.dyndns.org/, web-skip='IP Address'

protocol=dyndns2
server=domains.google.com
login={g.chars(B62, 16)}
password='{p1}'
home.kowalski.dev

protocol=cloudflare
zone=kowalski.dev
ttl=1
login=token
password={t1}
vpn.kowalski.dev
""", [p1, t1])

    p1 = human()
    add("homelab/inadyn/inadyn.conf", "inadyn-conf", f"""period          = 300
user-agent      = Mozilla/5.0

provider default@dyndns.org {{
    username    = mkowalski
    password    = {p1}
    hostname    = kowalski.dyndns.org
}}
""", [p1])

    # ================================================================ tunnels, notifiers, misc
    t1 = g.chars(B62, 32)
    add("homelab/frp/frpc.toml", "frpc-toml", f"""serverAddr = "vps.kowalski.dev"
serverPort = 7000
auth.method = "token"
auth.token = "{t1}"

[[proxies]]
name = "ssh"
type = "tcp"
localIP = "127.0.0.1"
localPort = 22
remotePort = 6000
""", [t1])

    t1, p1 = g.alnum(24), human()
    add("homelab/frp/frps.ini", "frps-ini", f"""[common]
bind_port = 7000
dashboard_port = 7500
dashboard_user = admin
dashboard_pwd = {p1}
token = {t1}
""", [t1, p1])

    s1, tid = base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode(), uuid()
    add("homelab/cloudflared/" + tid + ".json", "cloudflared-tunnel-credentials",
        json.dumps({"AccountTag": g.hex(32), "TunnelSecret": s1, "TunnelID": tid}) + "\n", [s1])

    t1 = "tk_" + g.chars(string.ascii_lowercase + string.digits, 29)
    add("homelab/scripts/backup-notify.sh", "ntfy-token-script", f"""#!/bin/sh
set -eu
if restic -r /mnt/backup/restic backup /srv --quiet; then
    status="Backup of /srv finished"
    prio=default
else
    status="Backup of /srv FAILED"
    prio=urgent
fi
curl -s -H "Authorization: Bearer {t1}" -H "Priority: $prio" -d "$status" https://ntfy.kowalski.dev/homelab
""", [t1])

    k1 = uuid()
    add("homelab/netdata/stream.conf", "netdata-stream-conf", f"""[stream]
    enabled = yes
    destination = 192.168.1.5:19999
    api key = {k1}
    timeout seconds = 60
    buffer size bytes = 10485760
""", [k1])

    s1, p1 = g.chars(string.ascii_letters + string.digits + "!@%^*-_=+", 50), human()
    add("homelab/paperless/docker-compose.env", "paperless-env", f"""# The UID and GID of the user used to run paperless in the container.
USERMAP_UID=1000
USERMAP_GID=1000
PAPERLESS_URL=https://paperless.kowalski.dev
PAPERLESS_SECRET_KEY={s1}
PAPERLESS_TIME_ZONE=Europe/Warsaw
PAPERLESS_OCR_LANGUAGE=pol+eng
PAPERLESS_ADMIN_USER=mira
PAPERLESS_ADMIN_PASSWORD={p1}
""", [s1, p1])

    p1 = human()
    add("dotfiles/.config/yt-dlp/config", "yt-dlp-config", f"""# Always extract audio
-x
--audio-format mp3
-o ~/Music/%(title)s.%(ext)s
--username mira.kowalski@fabrikam.org
--password {p1}
""", [p1])

    # ================================================================ negatives
    add("neg/docker/sonarr/config.xml", "neg-sonarr-config", """<Config>
  <Port>8989</Port>
  <BindAddress>*</BindAddress>
  <ApiKey></ApiKey>
  <AuthenticationMethod>None</AuthenticationMethod>
</Config>
""", negative=True)

    add("neg/dotfiles/.mbsyncrc", "neg-mbsyncrc-passcmd", """IMAPAccount work
Host imap.fabrikam.org
User mira@fabrikam.org
PassCmd "pass show mail/work"
SSLType IMAPS

IMAPAccount gmail
Host imap.gmail.com
User mira.kowalski@gmail.com
PassCmd "secret-tool lookup service mbsync account gmail"
SSLType IMAPS
""", negative=True)

    add("neg/servers/minecraft/server.properties", "neg-minecraft-no-rcon", """enable-rcon=false
rcon.password=
rcon.port=25575
server-port=25565
online-mode=true
white-list=false
motd=A Minecraft Server
""", negative=True)

    add("neg/openwrt/etc/config/wireless", "neg-openwrt-open", """
config wifi-iface 'guest'
\toption device 'radio1'
\toption network 'guest'
\toption mode 'ap'
\toption ssid 'Kowalski-Guest'
\toption encryption 'none'
\toption isolate '1'
""", negative=True)

    add("neg/dotfiles/.hgrc", "neg-hgrc-keyring", """[ui]
username = Mira Kowalski <mira@fabrikam.org>

[extensions]
mercurial_keyring =

[auth]
corp.prefix = https://hg.fabrikam.org
corp.username = mira
""", negative=True)

    add("neg/svn.simple/a1c49f2b7e0d45c3d6e8f7a9b0c1d2e3", "neg-svn-keyring", """K 8
passtype
V 13
gnome-keyring
K 15
svn:realmstring
V 46
<https://svn.fabrikam.org:443> Fabrikam Subversion
K 8
username
V 4
mira
END
""", negative=True)

    add("neg/homelab/frp/frpc.toml", "neg-frpc-env", """serverAddr = "{{ .Envs.FRP_SERVER_ADDR }}"
serverPort = 7000
auth.method = "token"
auth.token = "{{ .Envs.FRP_AUTH_TOKEN }}"
""", negative=True)

    add("neg/docs/ddclient.conf.sample", "neg-ddclient-sample", """# protocol=dyndns2
# server=members.dyndns.org
# login=your-login
# password='your-password'
# your-hostname.dyndns.org
""", negative=True)

    add("neg/servers/csgo/server.cfg", "neg-source-cfg-empty", """hostname "Office LAN"
rcon_password ""
sv_password ""
sv_lan 1
""", negative=True)

    add("neg/homelab/paperless/docker-compose.env", "neg-paperless-env-template", """PAPERLESS_URL=https://paperless.example.com
PAPERLESS_SECRET_KEY=change-me
PAPERLESS_ADMIN_USER=admin
PAPERLESS_ADMIN_PASSWORD=${PAPERLESS_ADMIN_PASSWORD}
""", negative=True)

    add("neg/dotfiles/.p4config", "neg-p4config-no-passwd", """P4PORT=ssl:perforce.fabrikam.org:1666
P4USER=mira
P4CLIENT=mira_ws_main
P4TICKETS=~/.p4tickets
""", negative=True)
