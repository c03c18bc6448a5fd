"""Thirtieth batch of the real-world set: network engineering, firewalls and VPNs.

Written blind (committed before any scanner ran on it) from the devices' and tools' documented
configuration syntax and from how these files are committed and pasted in the wild: Cisco IOS-XE
(type 9 secrets, `crypto isakmp key`, IKEv2 keyrings, OSPF/BGP keys, SNMPv3 users, `tacacs
server` blocks), Cisco ASA (tunnel-group pre-shared keys, pbkdf2 user hashes, LDAP bind
passwords), NX-OS (sha256crypt users, localized SNMP keys), Arista EOS (sha512 secrets, BGP
`password 7`), Juniper Junos in set style and braces with `$9$` reversible secrets, FortiGate
backups (`ENC` values, `SH2` admin hashes) and the FortiOS Ansible httpapi token, Palo Alto XML
exports (`-AQ==` master-key values) and an API key in Terraform, MikroTik `/export
show-sensitive` (IPsec identity, L2TP client, WireGuard) and the RouterOS API from Python,
OPNsense `config.xml` and its downloaded `apikey.txt`, pfSense OpenVPN and certificate-manager
blobs, EdgeOS `config.boot`, UniFi `config.gateway.json`, VyOS set commands, OpenWrt UCI
WireGuard, FRR, keepalived.

VPN: OpenVPN profiles with inline `<key>`/`<tls-auth>` and an inline `<auth-user-pass>` block,
WireGuard through netplan, systemd-networkd and wg-easy, strongSwan `ipsec.secrets`, Tailscale
OAuth clients in Terraform, Headscale and NetBird enrolment keys, a ZeroTier `identity.secret`,
AnyConnect's scripted CLI. Automation: an Ansible network inventory, Netmiko, NAPALM, Nornir,
Oxidized (`config` and `router.db`), RANCID `.cloginrc`, pynetbox tokens, LibreNMS, PRTG
`passhash` URLs, Meraki Dashboard keys, Check Point `mgmt_cli`; FreeRADIUS `users`, hostapd
(`wpa_passphrase`, RADIUS secret), wpa_supplicant enterprise blocks, NetworkManager VPN secrets.

Crackable password hashes (sha*crypt, Cisco type 9, ASA pbkdf2, FortiGate SH2, bcrypt) are
labelled, as the set labels `/etc/shadow` and SQL-dump hashes; reversible encodings (Cisco type 7,
Junos `$9$`, FortiGate `ENC`, PAN-OS `-AQ==`, EOS `password 7`) are labelled as the secrets they
hide. Public values sit unlabelled: WireGuard public keys, ZeroTier public halves, OPNsense API key
ids, certificate bodies, the documented default SNMP community `public`. Negatives: the same files
with `*****` / `<removed>` masks, `{{ vault }}` and env look-ups, key files referenced by path,
`%prompt`, passwords left out of a default RouterOS export, placeholders in docs.
"""

import base64
import string
import subprocess

from shapes import CRYPT, cisco7

JUNIPER9 = "QzF3n6/9CAtpu0OB1IREhcSyrleKvMW8LXx7N-dVbwsY2g4oaJZGUDjiHkq.mPf5T"


def build_thirtieth(g, add):
    r = g.r

    def pw():
        """A password that survives CLI, XML, YAML and shell quoting."""
        return "".join(c for c in g.password() if c not in '\'"\\`$<>&#%; ,!{}[]()|?')

    def word():
        """A human password without shell or config metacharacters."""
        return "".join(r.choice(["ka", "lo", "mi", "ven", "tor", "ra", "shi", "qu", "bel", "dor",
                                 "an", "fi", "gro", "pel", "zan"]) for _ in range(4)).capitalize() \
            + str(r.randint(10, 9999)) + r.choice("-_.@*+=")

    def psk():
        return g.alnum(r.randint(20, 32))

    def type9():
        return "$9$%s$%s" % (g.chars(CRYPT, 14), g.chars(CRYPT, 43))

    def jnp9(n=None):
        return "$9$" + g.chars(JUNIPER9, n or r.randint(22, 48))

    def wgkey():
        raw = bytearray(r.getrandbits(8) for _ in range(32))
        return base64.b64encode(bytes(raw)).decode()

    def forti_enc():
        return "ENC " + g.b64(r.choice([60, 72, 84]))

    def pan_enc():
        return "-AQ==" + g.b64(20) + g.b64(r.choice([16, 32]))

    def openssl_key():
        try:
            out = subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                  "ec_paramgen_curve:P-256"], capture_output=True, check=True)
            return out.stdout.decode().strip() or None
        except (OSError, subprocess.CalledProcessError):
            return None

    def ovpn_static():
        return "\n".join(g.hex(32) for _ in range(16))

    # ================================================================ Cisco IOS / IOS-XE
    en, u2 = type9(), type9()
    ik, k2l = psk(), pw()
    add("network/configs/ios-xe/wan-edge-02.cfg", "cisco-iosxe-type9-isakmp", f"""!
! Last configuration change at 14:02:11 UTC Tue Mar 5 2024 by netops
!
version 17.9
service timestamps debug datetime msec
service password-encryption
!
hostname wan-edge-02
!
enable algorithm-type scrypt secret 9 {en}
!
username breakglass privilege 15 secret 9 {u2}
!
crypto isakmp policy 10
 encryption aes 256
 hash sha256
 authentication pre-share
 group 14
crypto isakmp key {ik} address 198.51.100.77
!
crypto ikev2 keyring KR-AZURE
 peer azure-vng
  address 20.61.14.9
  pre-shared-key local {k2l}
 !
!
interface Tunnel100
 ip address 169.254.21.2 255.255.255.252
 tunnel source GigabitEthernet1
 tunnel mode ipsec ipv4
 tunnel destination 20.61.14.9
 tunnel protection ipsec profile AZURE-PROFILE
!
end
""", [en, u2, ik, k2l])

    ta, sa, sp = pw(), word(), pw()
    add("network/configs/access/acc-sw-3f-01.txt", "cisco-ios-aaa-snmpv3", f"""hostname acc-sw-3f-01
!
aaa new-model
aaa group server tacacs+ TACACS-GRP
 server name TAC-1
aaa authentication login default group TACACS-GRP local
!
tacacs server TAC-1
 address ipv4 10.40.1.10
 key 0 {ta}
!
snmp-server group NMS-GRP v3 priv
snmp-server user nms-poller NMS-GRP v3 auth sha {sa} priv aes 128 {sp}
snmp-server community public RO SNMP-ACL
snmp-server host 10.40.1.30 version 3 priv nms-poller
!
""", [ta, sa, sp])

    o1, b1, b2 = word(), psk(), pw()
    b2e = cisco7(r, b2)
    add("network/configs/core/core-rtr-01-routing.cfg", "cisco-ios-routing-auth", f"""interface GigabitEthernet0/0/1
 description to core-rtr-02
 ip address 10.255.0.1 255.255.255.252
 ip ospf authentication message-digest
 ip ospf message-digest-key 1 md5 {o1}
!
router bgp 65010
 bgp log-neighbor-changes
 neighbor 203.0.113.1 remote-as 64500
 neighbor 203.0.113.1 password {b1}
 neighbor 10.255.0.2 remote-as 65010
 neighbor 10.255.0.2 password 7 {b2e}
!
""", [o1, b1, b2e])

    # ================================================================ Cisco ASA
    ah, lk, tg1 = "$sha512$5000$%s$%s" % (g.b64(16), g.b64(16)), pw(), psk()
    add("network/asa/fw-dc1-asa5516.conf", "cisco-asa-tunnel-group", f""": Saved
:
: Serial Number: JAD21450ABC
: Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)
:
ASA Version 9.16(4)
!
hostname fw-dc1
domain-name northwind-apps.com
names
!
username admin password {ah} pbkdf2 privilege 15
!
aaa-server LDAP-AD protocol ldap
aaa-server LDAP-AD (inside) host 10.10.0.5
 ldap-base-dn DC=northwind,DC=local
 ldap-scope subtree
 ldap-login-password {lk}
 ldap-login-dn CN=svc-asa,OU=Service Accounts,DC=northwind,DC=local
 server-type microsoft
!
tunnel-group 198.51.100.23 type ipsec-l2l
tunnel-group 198.51.100.23 ipsec-attributes
 ikev1 pre-shared-key {tg1}
!
""", [ah, lk, tg1])

    # ================================================================ NX-OS
    nh, ak, pk = g.sha256crypt(), "0x" + g.hex(32), "0x" + g.hex(32)
    add("network/nxos/n9k-leaf-101-running.cfg", "nxos-running-config", f"""!Command: show running-config
!Running configuration last done at: Mon Apr  8 09:12:44 2024
!Time: Mon Apr  8 09:14:02 2024

version 10.2(5) Bios:version 05.47
hostname n9k-leaf-101

feature tacacs+
feature nxapi
feature bgp

username admin password 5 {nh}  role network-admin
username admin passphrase  lifetime 99999 warntime 14 gracetime 3
ssh key rsa 2048
tacacs-server host 10.40.1.10
aaa group server tacacs+ TACACS
    server 10.40.1.10
    use-vrf management
snmp-server user nms-poller network-operator auth sha {ak} priv aes-128 {pk} localizedkey
rmon event 1 description FATAL(1) owner PMON@FATAL
""", [nh, ak, pk])

    # ================================================================ Arista EOS
    ea, bp = g.sha512crypt(), g.b64(16)
    add("network/arista/spine1.eos.cfg", "arista-eos-config", f"""! Command: show running-config
! device: spine1 (DCS-7050SX3-48YC8, EOS-4.29.2F)
!
transceiver qsfp default-mode 4x10G
!
hostname spine1
!
spanning-tree mode mstp
!
no aaa root
!
username admin privilege 15 role network-admin secret sha512 {ea}
username ansible privilege 15 role network-admin nopassword
!
router bgp 65100
   router-id 10.0.250.1
   neighbor EVPN-OVERLAY peer group
   neighbor EVPN-OVERLAY remote-as 65200
   neighbor EVPN-OVERLAY password 7 {bp}
   neighbor EVPN-OVERLAY send-community extended
!
management api http-commands
   no shutdown
!
end
""", [ea, bp])

    # ================================================================ Juniper
    rh, rs, ip9 = g.sha512crypt(), jnp9(), jnp9()
    add("network/junos/srx-branch-14.set", "junos-set-style", f"""set version 21.4R3-S4.9
set system host-name srx-branch-14
set system root-authentication encrypted-password "{rh}"
set system login user netops uid 2001
set system login user netops class super-user
set system radius-server 10.40.1.21 secret "{rs}"
set system radius-server 10.40.1.21 source-address 10.14.0.1
set security ike proposal ike-prop authentication-method pre-shared-keys
set security ike policy ike-pol-hq mode main
set security ike policy ike-pol-hq proposals ike-prop
set security ike policy ike-pol-hq pre-shared-key ascii-text "{ip9}"
set security ike gateway gw-hq ike-policy ike-pol-hq
set security ike gateway gw-hq address 198.51.100.2
""", [rh, rs, ip9])

    t9, b9 = jnp9(), jnp9()
    add("network/junos/mx204-pe1.conf", "junos-braces-dollar9", f"""## Last commit: 2024-02-19 10:04:11 UTC by netops
version 22.2R3.15;
system {{
    host-name mx204-pe1;
    authentication-order [ tacplus password ];
    tacplus-server {{
        10.40.1.10 {{
            port 49;
            secret "{t9}"; ## SECRET-DATA
            source-address 10.0.250.11;
        }}
    }}
}}
protocols {{
    bgp {{
        group IBGP {{
            type internal;
            local-address 10.0.250.11;
            authentication-key "{b9}"; ## SECRET-DATA
            neighbor 10.0.250.12;
        }}
    }}
}}
""", [t9, b9])

    # ================================================================ FortiGate
    sh2 = "SH2" + g.b64(45)[:60]
    e1, e3 = forti_enc(), forti_enc()
    add("network/fortigate/FGT60F_backup_20240311.conf", "fortigate-backup-enc", f"""#config-version=FGT60F-7.2.7-FW-build1577-240131:opmode=0:vdom=0:user=admin
#conf_file_ver=91827364512
#buildno=1577
#global_vdom=1
config system global
    set alias "FGT60F-branch"
    set hostname "fgt-branch-22"
    set timezone 28
end
config system admin
    edit "admin"
        set accprofile "super_admin"
        set vdom "root"
        set password {sh2}
    next
end
config user local
    edit "vpn.jdoe"
        set type password
        set passwd {e1}
    next
end
config vpn ipsec phase1-interface
    edit "to-dc1"
        set interface "wan1"
        set ike-version 2
        set peertype any
        set net-device disable
        set proposal aes256-sha256
        set remote-gw 198.51.100.23
        set psksecret {e3}
    next
end
""", [sh2, e1, e3])

    fat = g.chars(string.ascii_lowercase + string.digits, 30)
    add("ansible/inventories/fortigates/host_vars/fgt-branch-22.yml", "fortios-httpapi-token", f"""---
ansible_host: 10.22.0.1
ansible_network_os: fortinet.fortios.fortios
ansible_connection: httpapi
ansible_httpapi_use_ssl: true
ansible_httpapi_validate_certs: false
ansible_httpapi_port: 443
vdom: root
fortios_access_token: {fat}
""", [fat])

    # ================================================================ Palo Alto
    ph, pp = g.sha256crypt(), pan_enc()
    add("network/paloalto/running-config-pa3220.xml", "panos-xml-export", f"""<?xml version="1.0"?>
<config version="10.2.0" urldb="paloaltonetworks" detail-version="10.2.4">
  <mgt-config>
    <users>
      <entry name="admin">
        <phash>{ph}</phash>
        <permissions>
          <role-based>
            <superuser>yes</superuser>
          </role-based>
        </permissions>
      </entry>
    </users>
  </mgt-config>
  <devices>
    <entry name="localhost.localdomain">
      <network>
        <ike>
          <gateway>
            <entry name="gw-aws-1">
              <authentication>
                <pre-shared-key>
                  <key>{pp}</key>
                </pre-shared-key>
              </authentication>
              <peer-address><ip>52.29.14.101</ip></peer-address>
            </entry>
          </gateway>
        </ike>
      </network>
    </entry>
  </devices>
</config>
""", [ph, pp])

    pan_key = base64.b64encode(("-AQ==" + g.b64(20) + g.b64(r.choice([32, 48]))).encode()).decode()
    add("infra/terraform/panos/provider.tf", "terraform-panos-api-key", f"""terraform {{
  required_providers {{
    panos = {{
      source  = "PaloAltoNetworks/panos"
      version = "~> 1.11"
    }}
  }}
}}

provider "panos" {{
  hostname = "fw-mgmt.northwind.local"
  api_key  = "{pan_key}"
}}

resource "panos_address_object" "web" {{
  name  = "web-srv-01"
  value = "10.20.0.15"
}}
""", [pan_key])

    # ================================================================ MikroTik
    m1, m2 = psk(), word()
    mw, mwp = wgkey(), wgkey()
    add("network/mikrotik/ccr2004-hq-export.rsc", "mikrotik-export-show-sensitive", f"""# 2024-04-02 11:20:31 by RouterOS 7.14.1
# software id = 7K2Q-9XPD
#
# model = CCR2004-1G-12S+2XS
# serial number = HE908ABCD12
/interface l2tp-client
add connect-to=198.51.100.40 disabled=no name=l2tp-dc password={m2} user=hq-router
/interface wireguard
add listen-port=13231 mtu=1420 name=wg-mgmt private-key="{mw}"
/interface wireguard peers
add allowed-address=10.99.0.2/32 interface=wg-mgmt public-key="{wgkey()}" preshared-key="{mwp}"
/ip ipsec identity
add peer=peer-dc1 secret={m1}
""", [m2, mw, mwp, m1])

    mr = pw()
    add("tools/mikrotik/backup_all.py", "routeros-api-python", f"""import routeros_api

ROUTERS = ["10.22.0.1", "10.23.0.1", "10.24.0.1"]


def export(host):
    pool = routeros_api.RouterOsApiPool(
        host,
        username="api-backup",
        password="{mr}",
        plaintext_login=True,
    )
    api = pool.get_api()
    api.get_binary_resource("/").call("system/backup/save", {{"name": b"nightly"}})
    pool.disconnect()


for h in ROUTERS:
    export(h)
""", [mr])

    # ================================================================ OPNsense / pfSense
    ok, osec = g.b64(60), g.b64(60)
    add("Downloads/fw01.corp_root_apikey.txt", "opnsense-apikey-file", f"""key={ok}
secret={osec}
""", [osec])

    obh, owk = g.bcrypt(), wgkey()
    add("network/opnsense/config-fw01.corp-20240312.xml", "opnsense-config-xml", f"""<?xml version="1.0"?>
<opnsense>
  <version>24.1</version>
  <system>
    <hostname>fw01</hostname>
    <domain>corp.northwind.local</domain>
    <user>
      <name>root</name>
      <descr>System Administrator</descr>
      <scope>system</scope>
      <groupname>admins</groupname>
      <password>{obh}</password>
      <uid>0</uid>
    </user>
  </system>
  <OPNsense>
    <wireguard>
      <server version="0.0.4">
        <servers>
          <server uuid="{g.uuid4()}">
            <enabled>1</enabled>
            <name>wg-road</name>
            <pubkey>{wgkey()}</pubkey>
            <privkey>{owk}</privkey>
            <port>51820</port>
            <tunneladdress>10.66.0.1/24</tunneladdress>
          </server>
        </servers>
      </server>
    </wireguard>
  </OPNsense>
</opnsense>
""", [obh, owk])

    tlsb = base64.b64encode(("#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n"
                             + ovpn_static() + "\n-----END OpenVPN Static key V1-----\n").encode()).decode()
    prv_pem = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(
        g.b64(48) for _ in range(25)) + "\n-----END PRIVATE KEY-----\n"
    prvb = base64.b64encode(prv_pem.encode()).decode()
    crtb = base64.b64encode(("-----BEGIN CERTIFICATE-----\n" + "\n".join(g.b64(48) for _ in range(18))
                             + "\n-----END CERTIFICATE-----\n").encode()).decode()
    add("network/pfsense/config-gw02.xml", "pfsense-openvpn-cert-blobs", f"""<?xml version="1.0"?>
<pfsense>
	<version>23.3</version>
	<openvpn>
		<openvpn-server>
			<vpnid>1</vpnid>
			<mode>server_tls_user</mode>
			<protocol>UDP4</protocol>
			<dev_mode>tun</dev_mode>
			<interface>wan</interface>
			<local_port>1194</local_port>
			<description><![CDATA[Remote Access]]></description>
			<tls>{tlsb}</tls>
			<tls_type>auth</tls_type>
			<caref>{g.hex(13)}</caref>
			<certref>{g.hex(13)}</certref>
		</openvpn-server>
	</openvpn>
	<cert>
		<refid>{g.hex(13)}</refid>
		<descr><![CDATA[gw02 server]]></descr>
		<type>server</type>
		<crt>{crtb}</crt>
		<prv>{prvb}</prv>
	</cert>
</pfsense>
""", [tlsb, prvb])

    # ================================================================ Ubiquiti / VyOS
    eh, eps = g.sha512crypt(), pw()
    add("network/edgerouter/config.boot", "edgeos-config-boot", f"""firewall {{
    all-ping enable
    broadcast-ping disable
}}
interfaces {{
    ethernet eth0 {{
        description WAN
    }}
}}
system {{
    host-name edge-home
    login {{
        user ubnt {{
            authentication {{
                encrypted-password {eh}
                plaintext-password ""
            }}
            level admin
        }}
    }}
}}
vpn {{
    ipsec {{
        site-to-site {{
            peer 198.51.100.23 {{
                authentication {{
                    mode pre-shared-secret
                    pre-shared-secret {eps}
                }}
                local-address 0.0.0.0
            }}
        }}
    }}
}}
/* Warning: Do not remove the following line. */
/* === vyatta-config-version: "config-management@1:conntrack@1:cron@1:dhcp-relay@1:dhcp-server@4:firewall@5:ipsec@5:nat@3:qos@1:quagga@2:suspend@1:system@5:ubnt-l2tp@1:ubnt-pptp@1:ubnt-udapi-server@1:ubnt-unms@2:ubnt-util@1:vrrp@1:vyatta-netflow@1:webgui@1:webproxy@1:zone-policy@1" === */
/* Release version: v2.0.9-hotfix.7.5622731.230615.0857 */
""", [eh, eps])

    ug1 = pw()
    add("unifi/data/sites/default/config.gateway.json", "unifi-config-gateway-json", f"""{{
  "vpn": {{
    "ipsec": {{
      "site-to-site": {{
        "peer": {{
          "198.51.100.23": {{
            "authentication": {{
              "mode": "pre-shared-secret",
              "pre-shared-secret": "{ug1}"
            }},
            "connection-type": "initiate",
            "local-address": "default"
          }}
        }}
      }}
    }}
  }}
}}
""", [ug1])

    vp, vk = pw(), wgkey()
    add("network/vyos/bootstrap-vyos-r1.sh", "vyos-set-commands", f"""#!/bin/vbash
source /opt/vyatta/etc/functions/script-template
configure
set system host-name vyos-r1
set interfaces wireguard wg0 address '10.77.0.1/24'
set interfaces wireguard wg0 private-key '{vk}'
set interfaces wireguard wg0 port '51820'
set vpn ipsec authentication psk HQ id '198.51.100.23'
set vpn ipsec authentication psk HQ secret '{vp}'
commit
save
exit
""", [vk, vp])

    # ================================================================ OpenWrt
    owk2, owp = wgkey(), wgkey()
    add("openwrt/gl-mt6000/etc/config/network", "openwrt-uci-wireguard", f"""
config interface 'loopback'
	option device 'lo'
	option proto 'static'
	option ipaddr '127.0.0.1'
	option netmask '255.0.0.0'

config interface 'wg0'
	option proto 'wireguard'
	option private_key '{owk2}'
	option listen_port '51820'
	list addresses '10.50.0.1/24'

config wireguard_wg0
	option description 'phone'
	option public_key '{wgkey()}'
	option preshared_key '{owp}'
	list allowed_ips '10.50.0.2/32'
	option persistent_keepalive '25'
""", [owk2, owp])

    # ================================================================ FRR / keepalived
    fz, fb = word(), pw()
    add("etc/frr/frr.conf", "frr-conf", f"""frr version 8.4.4
frr defaults traditional
hostname rr1
password {fz}
log syslog informational
!
router bgp 65001
 neighbor 10.0.0.2 remote-as 65002
 neighbor 10.0.0.2 password {fb}
!
line vty
!
""", [fz, fb])

    kp = g.alnum(8)
    add("etc/keepalived/keepalived.conf", "keepalived-vrrp-auth", f"""global_defs {{
   router_id LB01
}}

vrrp_instance VI_1 {{
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    authentication {{
        auth_type PASS
        auth_pass {kp}
    }}
    virtual_ipaddress {{
        10.20.0.100/24
    }}
}}
""", [kp])

    # ================================================================ OpenVPN
    ck = openssl_key() or g.pem("PRIVATE KEY", 1218)
    ta_key = ovpn_static()
    add("clients/jdoe-laptop.ovpn", "openvpn-inline-key-tls-auth", f"""client
dev tun
proto udp
remote vpn.northwind-apps.com 1194
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
cipher AES-256-GCM
key-direction 1
verb 3
<ca>
{g.pem("CERTIFICATE", 900)}
</ca>
<cert>
{g.pem("CERTIFICATE", 960)}
</cert>
<key>
{ck}
</key>
<tls-auth>
#
# 2048 bit OpenVPN static key
#
-----BEGIN OpenVPN Static key V1-----
{ta_key}
-----END OpenVPN Static key V1-----
</tls-auth>
""", blocks=[("BEGIN PRIVATE KEY", "END PRIVATE KEY"),
                 ("BEGIN OpenVPN Static key V1", "END OpenVPN Static key V1")])

    oup = pw()
    add("vpn/profiles/office-sales.ovpn", "openvpn-inline-auth-user-pass", f"""client
dev tun
proto tcp-client
remote gw.fabrikam.org 443
nobind
persist-key
persist-tun
auth-nocache
verb 3
<auth-user-pass>
sales-laptop-07
{oup}
</auth-user-pass>
<ca>
{g.pem("CERTIFICATE", 900)}
</ca>
""", [oup])

    # ================================================================ WireGuard
    nk, nps = wgkey(), wgkey()
    add("etc/netplan/60-wireguard.yaml", "netplan-wireguard-tunnel", f"""network:
  version: 2
  tunnels:
    wg0:
      mode: wireguard
      port: 51820
      addresses: [10.10.10.2/24]
      key:
        private: {nk}
      peers:
        - allowed-ips: [10.10.10.0/24]
          endpoint: vpn.contoso-hosting.net:51820
          keepalive: 25
          keys:
            public: {wgkey()}
            shared: {nps}
""", [nk, nps])

    sk, sps = wgkey(), wgkey()
    add("etc/systemd/network/99-wg0.netdev", "systemd-networkd-wireguard", f"""[NetDev]
Name=wg0
Kind=wireguard
Description=WireGuard tunnel wg0

[WireGuard]
ListenPort=51820
PrivateKey={sk}

[WireGuardPeer]
PublicKey={wgkey()}
PresharedKey={sps}
AllowedIPs=10.0.0.2/32
""", [sk, sps])

    wep = pw()
    add("homelab/wg-easy/docker-compose.yml", "wg-easy-compose", f"""services:
  wg-easy:
    image: ghcr.io/wg-easy/wg-easy:13
    container_name: wg-easy
    environment:
      - LANG=en
      - WG_HOST=vpn.acmecorp.de
      - PASSWORD={wep}
      - WG_DEFAULT_DNS=10.0.0.53
    volumes:
      - ./etc_wireguard:/etc/wireguard
    ports:
      - "51820:51820/udp"
      - "51821:51821/tcp"
    cap_add:
      - NET_ADMIN
      - SYS_MODULE
    restart: unless-stopped
""", [wep])

    # ================================================================ IPsec
    i1, i2, i4 = pw(), "0s" + g.b64(24), pw()
    add("etc/ipsec.secrets", "strongswan-ipsec-secrets", f"""# /etc/ipsec.secrets - strongSwan IPsec secrets file
198.51.100.23 %any : PSK "{i1}"
@gw.northwind-apps.com @branch9.northwind-apps.com : PSK {i2}
: RSA gw.key.pem "{i4}"
""", [i1, i2, i4])

    # ================================================================ mesh VPNs
    tsc = "tskey-client-k" + g.alnum(10) + "CNTRL-" + g.alnum(33)
    add("infra/terraform/tailscale/main.tf", "terraform-tailscale-oauth", f"""provider "tailscale" {{
  oauth_client_id     = "k{g.alnum(10)}CNTRL"
  oauth_client_secret = "{tsc}"
  tailnet             = "northwind-apps.com"
}}

resource "tailscale_tailnet_key" "ci_runners" {{
  reusable      = true
  ephemeral     = true
  preauthorized = true
  tags          = ["tag:ci"]
}}
""", [tsc])

    hk, nbk = g.hex(48), str(g.uuid4()).upper()
    add("homelab/enrol-node.sh", "headscale-netbird-enrol", f"""#!/bin/sh
# join this box to both meshes
curl -fsSL https://tailscale.com/install.sh | sh
tailscale up --login-server https://hs.acmecorp.de --authkey {hk} --accept-routes

curl -fsSL https://pkgs.netbird.io/install.sh | sh
netbird up --management-url https://netbird.acmecorp.de:33073 --setup-key {nbk}
""", [hk, nbk])

    zid = g.hex(10)
    zpub, zpriv = g.hex(128), g.hex(128)
    add("var/lib/zerotier-one/identity.secret", "zerotier-identity-secret", f"{zid}:0:{zpub}:{zpriv}\n",
        [zpriv])

    ac = pw()
    add("scripts/vpn-connect.sh", "anyconnect-scripted-cli", f"""#!/bin/bash
# connect the build agent to the corporate VPN before the deploy step
printf 'connect vpn.northwind-apps.com\\n0\\nsvc-build\\n{ac}\\ny\\n' | /opt/cisco/anyconnect/bin/vpn -s
""", [ac])

    # ================================================================ network automation
    ap, bp2 = pw(), pw()
    add("ansible/inventories/prod/group_vars/ios.yml", "ansible-network-group-vars", f"""---
ansible_network_os: cisco.ios.ios
ansible_connection: ansible.netcommon.network_cli
ansible_user: netauto
ansible_password: {ap}
ansible_become: true
ansible_become_method: enable
ansible_become_password: {bp2}
ansible_command_timeout: 60
""", [ap, bp2])

    np1, ns1 = pw(), pw()
    add("netops/scripts/backup_configs.py", "netmiko-device-dict", f"""from netmiko import ConnectHandler

devices = ["10.40.0.11", "10.40.0.12", "10.40.0.13"]

for ip in devices:
    device = {{
        "device_type": "cisco_ios",
        "host": ip,
        "username": "netbackup",
        "password": "{np1}",
        "secret": "{ns1}",
    }}
    with ConnectHandler(**device) as conn:
        conn.enable()
        out = conn.send_command("show running-config")
        with open(f"backups/{{ip}}.cfg", "w") as fh:
            fh.write(out)
""", [np1, ns1])

    na1, na2 = pw(), pw()
    add("netops/scripts/eos_facts.py", "napalm-positional-password", f"""from napalm import get_network_driver

driver = get_network_driver("eos")
device = driver("10.0.250.1", "admin", "{na1}", optional_args={{"enable_password": "{na2}"}})
device.open()
print(device.get_facts())
device.close()
""", [na1, na2])

    nd, ne = pw(), pw()
    add("nornir/inventory/defaults.yaml", "nornir-defaults-yaml", f"""---
username: nornir
password: {nd}
platform: ios
connection_options:
  netmiko:
    extras:
      secret: {ne}
""", [nd, ne])

    ox1, ox2 = pw(), pw()
    add("home/oxidized/.config/oxidized/config", "oxidized-config", f"""---
username: oxidized
password: {ox1}
model: ios
resolve_dns: true
interval: 3600
debug: false
threads: 30
timeout: 20
retries: 3
prompt: !ruby/regexp /^([\\w.@-]+[#>]\\s?)$/
rest: 127.0.0.1:8888
vars:
  enable: {ox2}
groups: {{}}
input:
  default: ssh, telnet
  ssh:
    secure: false
output:
  default: git
  git:
    user: Oxidized
    email: oxidized@northwind-apps.com
    repo: "/home/oxidized/.config/oxidized/configs.git"
source:
  default: csv
  csv:
    file: "/home/oxidized/.config/oxidized/router.db"
    delimiter: !ruby/regexp /:/
    map:
      name: 0
      model: 1
      username: 2
      password: 3
    vars_map:
      enable: 4
""", [ox1, ox2])

    rd1, rd2, rd3 = pw(), pw(), pw()
    add("home/oxidized/.config/oxidized/router.db", "oxidized-router-db", f"""core-rtr-01.northwind.local:ios:oxidized:{rd1}:{rd2}
srx-branch-14.northwind.local:junos:oxidized:{rd3}
""", [rd1, rd3])

    cl1, cl2, cl3 = pw(), pw(), pw()
    add("home/rancid/.cloginrc", "rancid-cloginrc", f"""# RANCID login file
add user        *.northwind.local   rancid
add password    core-*              {{{cl1}}} {{{cl2}}}
add password    *.northwind.local   {cl3}
add method      *                   ssh
add autoenable  fw-*                1
""", [cl1, cl3])

    nbt = g.hex(40)
    add("netops/scripts/sync_netbox.py", "pynetbox-token", f"""import pynetbox

nb = pynetbox.api("https://netbox.northwind.local", token="{nbt}")

for dev in nb.dcim.devices.filter(site="dc1", status="active"):
    print(dev.name, dev.primary_ip)
""", [nbt])

    lc, la = g.alnum(16), pw()
    add("opt/librenms/config.php", "librenms-config-php", f"""<?php
## Have a look in misc/config_definitions.json for examples of settings you can set here.

$config['snmp']['community'] = array("{lc}");

$config['snmp']['v3'][0]['authlevel'] = 'authPriv';
$config['snmp']['v3'][0]['authname'] = 'librenms';
$config['snmp']['v3'][0]['authpass'] = '{la}';
$config['snmp']['v3'][0]['authalgo'] = 'SHA';
$config['snmp']['v3'][0]['cryptoalgo'] = 'AES';
""", [lc, la])

    phs = str(r.randint(10**9, 10**10 - 1))
    add("monitoring/prtg/export_sensors.ps1", "prtg-passhash-url", f"""$prtg = "https://prtg.northwind.local"
$user = "prtgapi"
$passhash = "{phs}"
$url = "$prtg/api/table.json?content=sensors&columns=objid,device,sensor,status&username=$user&passhash=$passhash"
Invoke-RestMethod -Uri $url | ConvertTo-Json -Depth 4 | Out-File sensors.json
""", [phs])

    mk = g.hex(40)
    add("netops/meraki/list_clients.py", "meraki-dashboard-key", f"""import meraki

API_KEY = "{mk}"
dashboard = meraki.DashboardAPI(API_KEY, suppress_logging=True)

orgs = dashboard.organizations.getOrganizations()
for net in dashboard.organizations.getOrganizationNetworks(orgs[0]["id"]):
    print(net["name"])
""", [mk])

    cp1 = pw()
    add("checkpoint/add_gateway.sh", "checkpoint-mgmt-cli", f"""#!/bin/bash
mgmt_cli login user "apiadmin" password "{cp1}" > sid.txt
mgmt_cli add host name "web-srv-01" ip-address "10.20.0.15" -s sid.txt
mgmt_cli publish -s sid.txt
mgmt_cli logout -s sid.txt
""", [cp1])

    # ================================================================ RADIUS / Wi-Fi
    fr1, fr2 = word(), g.upper_hex(32)
    add("etc/freeradius/3.0/mods-config/files/authorize", "freeradius-users-file", f"""#
# Local users for the lab SSIDs
#
jdoe    Cleartext-Password := "{fr1}"
        Reply-Message := "Hello, %{{User-Name}}"

printer-3f  NT-Password := 0x{fr2}
        Tunnel-Type = VLAN,
        Tunnel-Medium-Type = IEEE-802,
        Tunnel-Private-Group-Id = 40
""", [fr1, fr2])

    hp, hr = word(), pw()
    add("etc/hostapd/hostapd.conf", "hostapd-conf", f"""interface=wlan0
bridge=br0
driver=nl80211
ssid=Northwind-Guest
hw_mode=g
channel=6
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase={hp}

# second BSS: enterprise
bss=wlan0_1
ssid=Northwind-Corp
ieee8021x=1
wpa_key_mgmt=WPA-EAP
auth_server_addr=10.40.1.21
auth_server_port=1812
auth_server_shared_secret={hr}
""", [hp, hr])

    ws1, ws2 = pw(), pw()
    add("etc/wpa_supplicant/wpa_supplicant-wlan0.conf", "wpa-supplicant-enterprise", f"""ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=DE

network={{
    ssid="Northwind-Corp"
    key_mgmt=WPA-EAP
    eap=PEAP
    identity="jdoe@northwind.local"
    password="{ws1}"
    phase2="auth=MSCHAPV2"
    ca_cert="/etc/ssl/certs/northwind-root.pem"
}}

network={{
    ssid="Lab-TLS"
    key_mgmt=WPA-EAP
    eap=TLS
    identity="lab-pi"
    client_cert="/etc/wpa/lab-pi.crt"
    private_key="/etc/wpa/lab-pi.key"
    private_key_passwd="{ws2}"
}}
""", [ws1, ws2])

    nv1 = pw()
    add("etc/NetworkManager/system-connections/Corp-VPN.nmconnection", "nm-vpn-secrets", f"""[connection]
id=Corp VPN
uuid={g.uuid4()}
type=vpn
autoconnect=false

[vpn]
gateway=vpn.northwind-apps.com
protocol=anyconnect
service-type=org.freedesktop.NetworkManager.openconnect
authtype=password
enable_csd_trojan=no
password-flags=0

[vpn-secrets]
form:main:username=jdoe
form:main:password={nv1}
save_passwords=yes

[ipv4]
method=auto
""", [nv1])

    # ================================================================ negatives
    add("neg/b30/network/configs/wan-edge-02-sanitized.cfg", "neg-cisco-masked", """!
hostname wan-edge-02
service password-encryption
!
enable secret 9 <removed>
!
username netops privilege 15 secret 9 <removed>
!
crypto isakmp key ***** address 198.51.100.77
!
tacacs server TAC-1
 address ipv4 10.40.1.10
 key 7 <removed>
!
snmp-server community public RO
snmp-server user nms-poller NMS-GRP v3 auth sha <AUTH_PASS> priv aes 128 <PRIV_PASS>
!
end
""", negative=True)

    add("neg/b30/network/asa/show-run-tunnel-group.txt", "neg-asa-show-run-masked", """fw-dc1# show running-config tunnel-group
tunnel-group 198.51.100.23 type ipsec-l2l
tunnel-group 198.51.100.23 ipsec-attributes
 ikev1 pre-shared-key *****
 ikev2 remote-authentication pre-shared-key *****
 ikev2 local-authentication pre-shared-key *****
fw-dc1# show running-config aaa-server
aaa-server LDAP-AD (inside) host 10.10.0.5
 ldap-login-password *****
""", negative=True)

    add("neg/b30/ansible/inventories/prod/group_vars/ios.yml", "neg-ansible-network-vault", """---
ansible_network_os: cisco.ios.ios
ansible_connection: ansible.netcommon.network_cli
ansible_user: "{{ lookup('env', 'NET_USER') }}"
ansible_password: "{{ vault_ios_password }}"
ansible_become: true
ansible_become_method: enable
ansible_become_password: "{{ vault_ios_enable }}"
fortios_access_token: "{{ lookup('ansible.builtin.env', 'FORTIOS_TOKEN') }}"
""", negative=True)

    add("neg/b30/netops/scripts/backup_configs.py", "neg-netmiko-getpass", """import os
from getpass import getpass

from netmiko import ConnectHandler

device = {
    "device_type": "cisco_ios",
    "host": "10.40.0.11",
    "username": os.environ["NET_USER"],
    "password": getpass("SSH password: "),
    "secret": os.environ.get("NET_ENABLE", ""),
}
with ConnectHandler(**device) as conn:
    print(conn.send_command("show version"))
""", negative=True)

    add("neg/b30/etc/wireguard/wg0.conf.template", "neg-wireguard-template", """[Interface]
Address = 10.10.10.2/24
PrivateKey = <client private key>
PostUp = wg set %i private-key /etc/wireguard/private.key

[Peer]
PublicKey = <server public key>
PresharedKey = <optional preshared key>
Endpoint = vpn.example.com:51820
AllowedIPs = 0.0.0.0/0
""", negative=True)

    add("neg/b30/network/mikrotik/hq-export-default.rsc", "neg-mikrotik-export-hidden", """# 2024-04-02 11:20:31 by RouterOS 7.14.1
# software id = 7K2Q-9XPD
/interface l2tp-client
add connect-to=198.51.100.40 disabled=no name=l2tp-dc user=hq-router
/interface wireguard
add listen-port=13231 mtu=1420 name=wg-mgmt
/ip ipsec identity
add peer=peer-dc1
/snmp community
set [ find default=yes ] addresses=10.40.1.0/24 name=public
""", negative=True)

    add("neg/b30/clients/template.ovpn", "neg-ovpn-file-references", f"""client
dev tun
proto udp
remote vpn.example.com 1194
nobind
persist-key
persist-tun
ca ca.crt
cert client.crt
key client.key
tls-auth ta.key 1
auth-user-pass credentials.txt
<ca>
{g.pem("CERTIFICATE", 900)}
</ca>
""", negative=True)

    add("neg/b30/etc/ipsec.secrets", "neg-ipsec-secrets-prompt", """# /etc/ipsec.secrets
# RSA private key for this host, authenticating it to any other host
: RSA gw.key.pem
# passphrase asked for at startup
: RSA branch.key.pem %prompt
include /var/lib/strongswan/ipsec.secrets.inc
""", negative=True)

    add("neg/b30/netbox/configuration.py", "neg-netbox-env", """import os

ALLOWED_HOSTS = os.environ.get('ALLOWED_HOSTS', '*').split(' ')

DATABASE = {
    'NAME': os.environ.get('DB_NAME', 'netbox'),
    'USER': os.environ.get('DB_USER', ''),
    'PASSWORD': os.environ.get('DB_PASSWORD', ''),
    'HOST': os.environ.get('DB_HOST', 'localhost'),
}

SECRET_KEY = os.environ['SECRET_KEY']
""", negative=True)

    add("neg/b30/docs/fortigate-vpn.md", "neg-fortigate-docs", """# Site-to-site VPN on the branch FortiGates

```
config vpn ipsec phase1-interface
    edit "to-dc1"
        set interface "wan1"
        set remote-gw <DC1 public IP>
        set psksecret <pre-shared key from the password manager>
    next
end
```

The backup shows `set psksecret ENC <...>` afterwards; never paste a real backup here.
""", negative=True)

    add("neg/b30/etc/hostapd/hostapd.conf", "neg-hostapd-psk-file", """interface=wlan0
ssid=Northwind-Guest
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_psk_file=/etc/hostapd/hostapd.wpa_psk
auth_server_shared_secret=${RADIUS_SECRET}
""", negative=True)

    add("neg/b30/home/oxidized/.config/oxidized/config", "neg-oxidized-keys-only", """---
username: oxidized
model: ios
vars:
  enable: true
  auth_methods: [ "publickey" ]
  ssh_keys: "/home/oxidized/.ssh/id_ed25519"
source:
  default: csv
  csv:
    file: "/home/oxidized/.config/oxidized/router.db"
""", negative=True)
