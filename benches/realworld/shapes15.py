"""Fifteenth batch of the real-world set: provisioning and infrastructure automation.

Written blind (committed before any scanner ran on it) from how these files look in the wild:
cloud-init user-data (`users:` with `passwd` hashes and `plain_text_passwd`, `write_files` with
tokens in plain and `encoding: b64` content, `runcmd` join commands for k3s / Tailscale / GitLab
Runner, `ubuntu_pro` tokens), a Butane config, Packer (legacy JSON template variables,
`.pkrvars.hcl`, a `proxmox-iso` source with an API token), a Vagrantfile with provisioner env and
the vSphere provider, Chef (`knife.rb`, cookbook attributes), Puppet manifest, Salt (cloud
providers, master config), Pulumi (`Pulumi.<stack>.yaml` plain config,
`~/.pulumi/credentials.json`), Serverless Framework `serverless.yml`, AWS SAM `samconfig.toml`, CDK
`cdk.json` context, Nomad (a job with `env` and `template` stanzas, the agent config, `nomad acl
bootstrap` output), Consul (`consul acl bootstrap` output, consul-template config), Vault AppRole
login output, Argo CD (`argocd-secret`, the `argocd` CLI, `dex.config` in `argocd-cm`), Flux CLI, a
Crossplane Azure credentials Secret, OpenStack (`clouds.yaml`, `openrc.sh`), Proxmox (`pveum user
token add` output, proxmoxer), Terraform providers (proxmox, vsphere, azurerm, rancher2) and a
`remote-exec` join, `govc` env, Juju `credentials.yaml`, Rancher (`cli2.json`, `rancher login`),
Docker swarm `docker secret create` history, MAAS CLI login, Foreman (`hammer` config, installer
answers), the AWX CLI and Ansible module arguments. Negatives are the same files with ciphertext
(`secure:` Pulumi values, eyaml, encrypted data bags), look-ups (`env()`, `${ssm:}`, Vault
templates, `var.`), prompts, random-generated values and documentation placeholders.
"""

import base64
import json
import string

from shapes import B62, without


def build_fifteenth(g, add):
    r = g.r
    LOWER_ALNUM = string.ascii_lowercase + string.digits

    def q(p):
        return without(p, '\'"\\`$<>&#%{}')

    def pw():
        p = q(g.password())
        while p[0] in "*!@?-=~^+:":  # a YAML/shell-significant first character: people quote or pick again
            p = q(g.password())
        return p

    plain = g.url_password

    def human():
        words = ["Glacier", "Autumn", "Harvest", "Beacon", "Quartz", "Meadow", "Saturn", "Thunder",
                 "Cobalt", "Juniper", "Raven", "Kestrel", "Monday", "Lantern", "Granite", "Sierra"]
        k = r.randrange(3)
        w = r.choice(words)
        if k == 0:
            return w + str(r.randint(2019, 2026)) + r.choice("!@?*")
        if k == 1:
            leet = w.replace("o", "0").replace("a", "4").replace("e", "3").replace("i", "1")
            return leet + r.choice("!@") + str(r.randint(1, 99))
        return w + r.choice(["Ops", "Lab", "Prod", "Infra"]) + str(r.randint(100, 999)) + r.choice("!.#")

    uuid = g.uuid4

    def hvs():
        return "hvs." + g.alnum(24)

    def azure_secret():
        return g.chars(B62, 3) + str(r.randint(0, 9)) + "Q~" + g.chars(B62 + "_.~-", 34)

    def glpat():
        return "glpat-" + g.chars(B62 + "-_", 20)

    def b64(n):
        return base64.b64encode(bytes(r.getrandbits(8) for _ in range(n))).decode()

    def rancher_token():
        return "token-" + g.chars(LOWER_ALNUM, 5), g.chars(LOWER_ALNUM, 54)

    # ================================================================ cloud-init
    h1, p1 = g.sha512crypt(), human()
    add("infra/cloud-init/web-user-data.yaml", "cloud-init-users-passwd", f"""#cloud-config
hostname: web-07
manage_etc_hosts: true
users:
  - default
  - name: deploy
    gecos: Deploy user
    groups: [sudo, docker]
    shell: /bin/bash
    sudo: ALL=(ALL) NOPASSWD:ALL
    lock_passwd: false
    passwd: {h1}
    ssh_authorized_keys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.b64(24)[:31]} deploy@bastion
  - name: kiosk
    lock_passwd: false
    plain_text_passwd: '{p1}'
chpasswd: {{ expire: false }}
ssh_pwauth: true
package_update: true
packages: [nginx, fail2ban]
""", [h1, p1])

    dd, reg_user, reg_tok = g.hex(32), "deploy-bot", glpat()
    reg_auth = base64.b64encode(f"{reg_user}:{reg_tok}".encode()).decode()
    add("terraform/modules/worker/templates/user-data.yml", "cloud-init-write-files", f"""#cloud-config
write_files:
  - path: /etc/datadog-agent/datadog.yaml
    owner: dd-agent:dd-agent
    permissions: '0640'
    content: |
      api_key: {dd}
      site: datadoghq.eu
      logs_enabled: true
  - path: /root/.docker/config.json
    permissions: '0600'
    content: |
      {{
        "auths": {{
          "registry.gitlab.com": {{ "auth": "{reg_auth}" }}
        }}
      }}
runcmd:
  - systemctl restart datadog-agent
  - docker pull registry.gitlab.com/northwind/worker:stable
""", [dd, reg_auth])

    p1, t1 = pw(), g.hex(40)
    env_file = f"DATABASE_URL=postgres://worker:{plain()}@pg-main.internal:5432/jobs\nAPI_TOKEN={t1}\nSMTP_PASSWORD={p1}\n"
    blob = base64.b64encode(env_file.encode()).decode()
    add("infra/cloud-init/worker.yaml", "cloud-init-write-files-b64", f"""#cloud-config
write_files:
  - encoding: b64
    content: {blob}
    owner: root:root
    path: /etc/jobs/worker.env
    permissions: '0600'
  - path: /etc/systemd/system/jobs-worker.service
    content: |
      [Unit]
      Description=jobs worker
      [Service]
      EnvironmentFile=/etc/jobs/worker.env
      ExecStart=/usr/local/bin/jobs-worker
      [Install]
      WantedBy=multi-user.target
runcmd:
  - [systemctl, enable, --now, jobs-worker.service]
""", [blob])

    k3s = "K10" + g.hex(64) + "::server:" + g.hex(32)
    ts = "tskey-auth-k" + g.alnum(10) + "CNTRL-" + g.alnum(33)
    glrt = "glrt-" + g.chars(B62 + "-_", 20)
    add("infra/hetzner/agent-cloud-init.yaml", "cloud-init-runcmd-join", f"""#cloud-config
package_update: true
packages:
  - curl
  - ca-certificates
runcmd:
  - curl -sfL https://get.k3s.io | K3S_URL=https://10.20.0.2:6443 K3S_TOKEN={k3s} sh -s - agent --node-label pool=batch
  - curl -fsSL https://tailscale.com/install.sh | sh
  - tailscale up --authkey={ts} --advertise-tags=tag:k3s-agent --ssh
  - curl -L --output /usr/local/bin/gitlab-runner https://gitlab-runner-downloads.s3.amazonaws.com/latest/binaries/gitlab-runner-linux-amd64
  - chmod +x /usr/local/bin/gitlab-runner
  - gitlab-runner register --non-interactive --url https://gitlab.northwind-apps.com --token {glrt} --executor docker --docker-image alpine:3.19
""", [k3s, ts, glrt])

    pro = "C1" + g.alnum(28)
    add("infra/maas/curtin/ubuntu-pro-user-data", "cloud-init-ubuntu-pro", f"""#cloud-config
ubuntu_pro:
  token: {pro}
  enable:
    - esm-infra
    - livepatch
timezone: Europe/Berlin
ntp:
  servers: [ntp1.internal, ntp2.internal]
""", [pro])

    h1 = g.yescrypt()
    add("coreos/router.bu", "butane-fcos-passwd", f"""variant: fcos
version: 1.5.0
passwd:
  users:
    - name: core
      password_hash: {h1}
      ssh_authorized_keys:
        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.b64(24)[:31]} ops@laptop
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: edge-router-01
""", [h1])

    # ================================================================ Packer / Vagrant
    ak, sk = g.aws_key_id(), g.aws_secret()
    add("packer/amazon-ebs.json", "packer-json-template", json.dumps({
        "variables": {
            "aws_access_key": ak,
            "aws_secret_key": sk,
            "region": "eu-west-1"},
        "builders": [{
            "type": "amazon-ebs",
            "access_key": "{{user `aws_access_key`}}",
            "secret_key": "{{user `aws_secret_key`}}",
            "region": "{{user `region`}}",
            "source_ami_filter": {"filters": {"name": "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"},
                                  "owners": ["099720109477"], "most_recent": True},
            "instance_type": "t3.small",
            "ssh_username": "ubuntu",
            "ami_name": "base-{{timestamp}}"}],
        "provisioners": [{"type": "shell", "inline": ["sudo apt-get update", "sudo apt-get -y upgrade"]}]},
        indent=2) + "\n", [ak, sk])

    p1, p2 = pw(), human()
    add("packer/vsphere/windows2022.pkrvars.hcl", "packer-pkrvars-hcl", f"""vsphere_endpoint   = "vcenter01.fabrikam.org"
vsphere_username   = "svc-packer@vsphere.local"
vsphere_password   = "{p1}"
vsphere_datacenter = "FRA-DC1"
vsphere_cluster    = "Compute-01"
vsphere_datastore  = "vsan-fra"
vsphere_network    = "VLAN-120-Build"

build_username = "Administrator"
build_password = "{p2}"
""", [p1, p2])

    t1, p1, gh = uuid(), pw(), g.gh_token()
    add("packer/proxmox/ubuntu-2204.pkr.hcl", "packer-proxmox-hcl", f"""packer {{
  required_plugins {{
    proxmox = {{
      version = ">= 1.1.6"
      source  = "github.com/hashicorp/proxmox"
    }}
  }}
}}

source "proxmox-iso" "ubuntu-2204" {{
  proxmox_url              = "https://pve01.lab.acmecorp.de:8006/api2/json"
  username                 = "packer@pve!packer"
  token                    = "{t1}"
  insecure_skip_tls_verify = true
  node                     = "pve01"
  iso_file                 = "local:iso/ubuntu-22.04.4-live-server-amd64.iso"
  ssh_username             = "ubuntu"
  ssh_password             = "{p1}"
  ssh_timeout              = "30m"
}}

build {{
  sources = ["source.proxmox-iso.ubuntu-2204"]
  provisioner "shell" {{
    environment_vars = ["GITHUB_TOKEN={gh}", "DEBIAN_FRONTEND=noninteractive"]
    scripts          = ["scripts/bootstrap.sh"]
  }}
}}
""", [t1, p1, gh])

    p1, gh = pw(), g.gh_token()
    add("lab/vsphere-lab/Vagrantfile", "vagrantfile-vsphere-provision-env", f"""# -*- mode: ruby -*-
Vagrant.configure("2") do |config|
  config.vm.box = "vsphere-dummy"

  config.vm.provider :vsphere do |vsphere|
    vsphere.host = "vcenter01.fabrikam.org"
    vsphere.compute_resource_name = "Compute-01"
    vsphere.template_name = "templates/ubuntu-2204"
    vsphere.user = "svc-vagrant@vsphere.local"
    vsphere.password = '{p1}'
    vsphere.insecure = true
  end

  config.vm.provision "shell", path: "bootstrap.sh", env: {{
    "GITHUB_TOKEN" => "{gh}",
    "APP_ENV" => "lab"
  }}
end
""", [p1, gh])

    # ================================================================ Chef / Puppet / Salt
    ak, sk, p1 = g.aws_key_id(), g.aws_secret(), pw()
    add("chef-repo/.chef/knife.rb", "chef-knife-rb", f"""current_dir = File.dirname(__FILE__)
log_level                :info
log_location             STDOUT
node_name                'mkowalski'
client_key               "#{{current_dir}}/mkowalski.pem"
chef_server_url          'https://chef.northwind-apps.com/organizations/platform'
cookbook_path            ["#{{current_dir}}/../cookbooks"]

knife[:aws_access_key_id]     = '{ak}'
knife[:aws_secret_access_key] = '{sk}'
knife[:region]                = 'eu-central-1'
knife[:vsphere_host]          = 'vcenter01.fabrikam.org'
knife[:vsphere_user]          = 'svc-chef@vsphere.local'
knife[:vsphere_pass]          = '{p1}'
""", [ak, sk, p1])

    p1, k1 = pw(), g.hex(32)
    add("chef-repo/cookbooks/orders/attributes/default.rb", "chef-attributes-rb", f"""default['orders']['version'] = '2.14.1'
default['orders']['db']['host'] = 'pg-main.internal'
default['orders']['db']['user'] = 'orders'
default['orders']['db']['password'] = '{p1}'
default['orders']['newrelic']['license_key'] = '{k1}'
default['orders']['workers'] = 4
""", [p1, k1])

    p1, h1, p2 = pw(), g.sha512crypt(), plain()
    add("puppet/site/profile/manifests/app_db.pp", "puppet-manifest-pp", f"""class profile::app_db {{
  class {{ 'mysql::server':
    root_password           => '{p1}',
    remove_default_accounts => true,
  }}

  user {{ 'backup':
    ensure   => present,
    shell    => '/bin/bash',
    password => '{h1}',
  }}

  mysql::db {{ 'orders':
    user     => 'orders',
    password => '{p2}',
    host     => '10.0.%',
    grant    => ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  }}
}}
""", [p1, h1, p2])

    ak, sk, do = g.aws_key_id(), g.aws_secret(), "dop_v1_" + g.hex(64)
    add("etc/salt/cloud.providers.d/providers.conf", "salt-cloud-providers", f"""ec2-eu:
  driver: ec2
  id: '{ak}'
  key: '{sk}'
  private_key: /etc/salt/keys/salt-cloud.pem
  keyname: salt-cloud
  location: eu-central-1
  ssh_username: ubuntu

do-fra:
  driver: digitalocean
  personal_access_token: {do}
  ssh_key_file: /etc/salt/keys/do_ed25519
  ssh_key_names: salt-master
  location: fra1
""", [ak, sk, do])

    p2 = glpat()
    add("etc/salt/master.d/90-pillar.conf", "salt-master-conf", f"""pillar_source_merging_strategy: smart
ext_pillar:
  - git:
    - main https://gitlab.northwind-apps.com/infra/salt-pillar.git

gitfs_provider: pygit2
gitfs_user: salt-bot
gitfs_password: {p2}
gitfs_remotes:
  - https://gitlab.northwind-apps.com/infra/salt-states.git
""", [p2])

    # ================================================================ Pulumi / Serverless / SAM / CDK
    ak, sk, p1 = g.aws_key_id(), g.aws_secret(), pw()
    add("infra/pulumi/Pulumi.production.yaml", "pulumi-stack-config", f"""encryptionsalt: v1:{b64(8)}:v1:{b64(12)}:{b64(22)}
config:
  aws:region: eu-central-1
  aws:accessKey: {ak}
  aws:secretKey: {sk}
  orders:dbPassword: {p1}
  orders:instanceCount: "3"
  orders:dbPasswordRotated:
    secure: v1:{b64(12)}:{b64(40)}
""", [ak, sk, p1])

    t1 = "pul-" + g.hex(40)
    add("home/ci/.pulumi/credentials.json", "pulumi-credentials-json", json.dumps({
        "current": "https://api.pulumi.com",
        "accessTokens": {"https://api.pulumi.com": t1},
        "accounts": {"https://api.pulumi.com": {"accessToken": t1, "username": "northwind-ci",
                                                "organizations": ["northwind"],
                                                "lastValidatedAt": "2024-05-02T09:12:44.1Z"}}},
        indent=4) + "\n", [t1])

    p1, sk_live = pw(), "sk_live_" + g.alnum(99)
    add("services/orders-api/serverless.yml", "serverless-yml", f"""service: orders-api
frameworkVersion: '3'

provider:
  name: aws
  runtime: nodejs18.x
  region: eu-central-1
  stage: ${{opt:stage, 'prod'}}
  environment:
    NODE_ENV: production
    DB_HOST: orders.cluster-c9x2.eu-central-1.rds.amazonaws.com
    DB_USER: orders
    DB_PASSWORD: {p1}
    STRIPE_SECRET_KEY: {sk_live}

functions:
  api:
    handler: dist/handler.api
    events:
      - httpApi: '*'
""", [p1, sk_live])

    p1, hook = pw(), "https://hooks.slack.com/services/T%s/B%s/%s" % (
        g.chars(string.ascii_uppercase + string.digits, 8), g.chars(string.ascii_uppercase + string.digits, 10), g.alnum(24))
    add("services/thumbnailer/samconfig.toml", "sam-samconfig-toml", f"""version = 0.1

[default.global.parameters]
stack_name = "thumbnailer"

[default.deploy.parameters]
s3_prefix = "thumbnailer"
region = "eu-west-1"
capabilities = "CAPABILITY_IAM"
confirm_changeset = false
parameter_overrides = "Stage=\\"prod\\" DbPassword=\\"{p1}\\" AlertWebhookUrl=\\"{hook}\\""
image_repositories = []
""", [p1, hook])

    p1, gh = human(), g.gh_token()
    add("infra/cdk/cdk.json", "cdk-json-context", json.dumps({
        "app": "npx ts-node --prefer-ts-exts bin/infra.ts",
        "watch": {"include": ["**"], "exclude": ["README.md", "cdk*.json", "node_modules"]},
        "context": {
            "@aws-cdk/aws-lambda:recognizeLayerVersion": True,
            "env": "prod",
            "vpcId": "vpc-0" + g.hex(16),
            "dbMasterPassword": p1,
            "githubToken": gh}}, indent=2) + "\n", [p1, gh])

    # ================================================================ Nomad / Consul / Vault
    p1, p2, sk_live = plain(), pw(), "sk_live_" + g.alnum(24)
    add("nomad/jobs/checkout.nomad.hcl", "nomad-job-env-template", f"""job "checkout" {{
  datacenters = ["fra1"]
  type        = "service"

  group "api" {{
    count = 3

    task "api" {{
      driver = "docker"

      config {{
        image = "registry.northwind-apps.com/checkout:4.2.0"
        ports = ["http"]
      }}

      env {{
        DATABASE_URL = "postgres://checkout:{p1}@pg-main.service.consul:5432/checkout"
        LOG_LEVEL    = "info"
      }}

      template {{
        data        = <<EOH
REDIS_PASSWORD={p2}
STRIPE_SECRET_KEY={sk_live}
EOH
        destination = "secrets/app.env"
        env         = true
      }}
    }}
  }}
}}
""", [p1, p2, sk_live])

    vt, ct = hvs(), uuid()
    add("etc/nomad.d/server.hcl", "nomad-agent-hcl", f"""datacenter = "fra1"
data_dir   = "/opt/nomad/data"

server {{
  enabled          = true
  bootstrap_expect = 3
}}

acl {{
  enabled = true
}}

consul {{
  address = "127.0.0.1:8500"
  token   = "{ct}"
}}

vault {{
  enabled          = true
  address          = "https://vault.service.consul:8200"
  token            = "{vt}"
  create_from_role = "nomad-cluster"
}}
""", [ct, vt])

    acc, sec = uuid(), uuid()
    add("docs/runbooks/nomad-acl.log", "nomad-acl-bootstrap-output", f"""ops@nomad-01:~$ nomad acl bootstrap
Accessor ID  = {acc}
Secret ID    = {sec}
Name         = Bootstrap Token
Type         = management
Global       = true
Create Time  = 2024-04-11 08:14:52.117 +0000 UTC
Expiry Time  = <none>
Create Index = 7
Modify Index = 7
Policies     = n/a
Roles        = n/a
ops@nomad-01:~$ export NOMAD_ADDR=https://nomad.service.consul:4646
""", [sec])

    acc, sec = uuid(), uuid()
    add("docs/consul/bootstrap.md", "consul-acl-bootstrap-output", f"""# Consul ACL bootstrap (fra1)

Ran on consul-01 after the third server joined:

```
$ consul acl bootstrap
AccessorID:       {acc}
SecretID:         {sec}
Description:      Bootstrap Token (Global Management)
Local:            false
Create Time:      2024-04-11 08:02:17.442 +0000 UTC
Policies:
   00000000-0000-0000-0000-000000000001 - global-management
```

Export it as `CONSUL_HTTP_TOKEN` for the next steps.
""", [sec])

    vt, ct = hvs(), uuid()
    add("etc/consul-template/config.hcl", "consul-template-hcl", f"""consul {{
  address = "127.0.0.1:8500"
  token   = "{ct}"
}}

vault {{
  address     = "https://vault.service.consul:8200"
  token       = "{vt}"
  renew_token = false
}}

template {{
  source      = "/etc/consul-template/haproxy.cfg.ctmpl"
  destination = "/etc/haproxy/haproxy.cfg"
  command     = "systemctl reload haproxy"
}}
""", [ct, vt])

    rid, sid, tok = uuid(), uuid(), "hvs.CAESI" + g.b64url(86)
    add("ci/notes/approle-login.txt", "vault-approle-login-output", f"""$ vault write auth/approle/login role_id="{rid}" secret_id="{sid}"
Key                     Value
---                     -----
token                   {tok}
token_accessor          {g.alnum(24)}
token_duration          20m
token_renewable         true
token_policies          ["ci-deploy" "default"]
identity_policies       []
policies                ["ci-deploy" "default"]
token_meta_role_name    ci-deploy
""", [sid, tok])

    # ================================================================ Argo CD / Flux / Crossplane
    h1, sk1, wh, cs = g.bcrypt(), b64(32), g.alnum(32), g.hex(40)
    add("gitops/argocd/argocd-secret.yaml", "argocd-secret", f"""apiVersion: v1
kind: Secret
metadata:
  name: argocd-secret
  namespace: argocd
  labels:
    app.kubernetes.io/name: argocd-secret
    app.kubernetes.io/part-of: argocd
type: Opaque
stringData:
  admin.password: {h1}
  admin.passwordMtime: "2024-03-01T10:00:00Z"
  server.secretkey: {sk1}
  webhook.github.secret: {wh}
  dex.github.clientSecret: {cs}
""", [h1, sk1, wh, cs])

    p1, gh = human(), g.gh_token()
    add("scripts/bootstrap-argocd.sh", "argocd-cli-script", f"""#!/usr/bin/env bash
set -euo pipefail

argocd login argocd.northwind-apps.com --username admin --password '{p1}' --grpc-web
argocd repo add https://github.com/northwind/deploy.git --username argocd-bot --password {gh}
argocd app create platform --repo https://github.com/northwind/deploy.git --path apps --dest-server https://kubernetes.default.svc
""", [p1, gh])

    cid, cs = "Iv1." + g.hex(16), g.hex(40)
    add("gitops/argocd/argocd-cm.yaml", "argocd-cm-dex-config", f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
data:
  url: https://argocd.northwind-apps.com
  dex.config: |
    connectors:
      - type: github
        id: github
        name: GitHub
        config:
          clientID: {cid}
          clientSecret: {cs}
          orgs:
            - name: northwind
""", [cs])

    gh, gl = g.gh_token(), glpat()
    add("clusters/prod/README-bootstrap.md", "flux-cli", f"""# Bootstrapping Flux on prod

```sh
export GITHUB_TOKEN={gh}
flux bootstrap github --owner=northwind --repository=fleet --branch=main --path=clusters/prod --personal=false

flux create secret git payments-repo \\
  --url=https://gitlab.northwind-apps.com/payments/deploy.git \\
  --username=flux \\
  --password={gl}
```
""", [gh, gl])

    cid, cs, sub, ten = uuid(), azure_secret(), uuid(), uuid()
    add("crossplane/providers/azure-credentials.yaml", "crossplane-azure-secret", f"""apiVersion: v1
kind: Secret
metadata:
  name: azure-secret
  namespace: crossplane-system
type: Opaque
stringData:
  credentials: |
    {{
      "clientId": "{cid}",
      "clientSecret": "{cs}",
      "subscriptionId": "{sub}",
      "tenantId": "{ten}",
      "activeDirectoryEndpointUrl": "https://login.microsoftonline.com",
      "resourceManagerEndpointUrl": "https://management.azure.com/"
    }}
---
apiVersion: azure.upbound.io/v1beta1
kind: ProviderConfig
metadata:
  name: default
spec:
  credentials:
    source: Secret
    secretRef:
      namespace: crossplane-system
      name: azure-secret
      key: credentials
""", [cs])

    # ================================================================ OpenStack
    p1, acs = human(), g.b64url(86)
    add("home/ops/.config/openstack/clouds.yaml", "openstack-clouds-yaml", f"""clouds:
  fra-prod:
    auth:
      auth_url: https://keystone.cloud.acmecorp.de:5000/v3
      username: ops-automation
      password: {p1}
      project_name: platform-prod
      user_domain_name: Default
      project_domain_name: Default
    region_name: FRA1
    interface: public
    identity_api_version: 3
  fra-ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.cloud.acmecorp.de:5000/v3
      application_credential_id: {g.hex(32)}
      application_credential_secret: {acs}
    region_name: FRA1
""", [p1, acs])

    p1 = pw()
    add("home/ops/platform-prod-openrc.sh", "openstack-openrc", f"""#!/usr/bin/env bash
export OS_AUTH_URL=https://keystone.cloud.acmecorp.de:5000/v3
export OS_PROJECT_ID={g.hex(32)}
export OS_PROJECT_NAME="platform-prod"
export OS_USER_DOMAIN_NAME="Default"
export OS_PROJECT_DOMAIN_ID="default"
export OS_USERNAME="ops-automation"
export OS_PASSWORD='{p1}'
export OS_REGION_NAME="FRA1"
export OS_INTERFACE=public
export OS_IDENTITY_API_VERSION=3
""", [p1])

    # ================================================================ Proxmox
    t1 = uuid()
    add("docs/homelab/proxmox-terraform-user.md", "proxmox-pveum-token-output", f"""## Terraform user on pve01

```
root@pve01:~# pveum user add terraform@pve
root@pve01:~# pveum aclmod / -user terraform@pve -role TerraformProv
root@pve01:~# pveum user token add terraform@pve provider --privsep 0
┌──────────────┬──────────────────────────────────────┐
│ key          │ value                                │
╞══════════════╪══════════════════════════════════════╡
│ full-tokenid │ terraform@pve!provider               │
├──────────────┼──────────────────────────────────────┤
│ info         │ {{"privsep":"0"}}                      │
├──────────────┼──────────────────────────────────────┤
│ value        │ {t1} │
└──────────────┴──────────────────────────────────────┘
```
""", [t1])

    t1 = uuid()
    add("tools/pve/snapshot_all.py", "proxmoxer-python", f"""from proxmoxer import ProxmoxAPI

pve = ProxmoxAPI(
    "pve01.lab.acmecorp.de",
    user="automation@pve",
    token_name="snapshots",
    token_value="{t1}",
    verify_ssl=False,
)

for node in pve.nodes.get():
    for vm in pve.nodes(node["node"]).qemu.get():
        pve.nodes(node["node"]).qemu(vm["vmid"]).snapshot.post(snapname="nightly")
""", [t1])

    # ================================================================ Terraform providers
    t1 = uuid()
    add("terraform/homelab/provider.tf", "terraform-proxmox-provider", f"""terraform {{
  required_providers {{
    proxmox = {{
      source  = "Telmate/proxmox"
      version = "3.0.1-rc1"
    }}
  }}
}}

provider "proxmox" {{
  pm_api_url          = "https://pve01.lab.acmecorp.de:8006/api2/json"
  pm_api_token_id     = "terraform@pve!provider"
  pm_api_token_secret = "{t1}"
  pm_tls_insecure     = true
}}
""", [t1])

    p1 = pw()
    add("terraform/vsphere/main.tf", "terraform-vsphere-provider", f"""provider "vsphere" {{
  user                 = "svc-terraform@vsphere.local"
  password             = "{p1}"
  vsphere_server       = "vcenter01.fabrikam.org"
  allow_unverified_ssl = true
}}

data "vsphere_datacenter" "dc" {{
  name = "FRA-DC1"
}}
""", [p1])

    cs = azure_secret()
    add("terraform/azure/providers.tf", "terraform-azurerm-provider", f"""provider "azurerm" {{
  features {{}}

  subscription_id = "{uuid()}"
  client_id       = "{uuid()}"
  client_secret   = "{cs}"
  tenant_id       = "{uuid()}"
}}
""", [cs])

    ak, sk = rancher_token()
    add("terraform/rancher/provider.tf", "terraform-rancher2-provider", f"""provider "rancher2" {{
  api_url    = "https://rancher.northwind-apps.com"
  access_key = "{ak}"
  secret_key = "{sk}"
  insecure   = false
}}
""", [sk])

    p1 = pw()
    kt = g.chars(LOWER_ALNUM, 6) + "." + g.chars(LOWER_ALNUM, 16)
    ck = g.hex(64)
    swarm = "SWMTKN-1-" + g.chars(LOWER_ALNUM, 50) + "-" + g.chars(LOWER_ALNUM, 25)
    add("terraform/cluster/workers.tf", "terraform-remote-exec-join", f"""resource "null_resource" "join_workers" {{
  count = length(var.worker_ips)

  connection {{
    type     = "ssh"
    host     = var.worker_ips[count.index]
    user     = "root"
    password = "{p1}"
  }}

  provisioner "remote-exec" {{
    inline = [
      "kubeadm join 10.20.0.2:6443 --token {kt} --discovery-token-ca-cert-hash sha256:{g.hex(64)} --control-plane --certificate-key {ck}",
      "docker swarm join --token {swarm} 10.20.0.3:2377",
    ]
  }}
}}
""", [p1, kt, ck, swarm])

    # ================================================================ VMware / Juju / Rancher / MAAS
    p1, p2 = pw(), plain()
    add("home/ops/.govc.env", "govc-env", f"""export GOVC_URL=https://vcenter01.fabrikam.org/sdk
export GOVC_USERNAME=svc-govc@vsphere.local
export GOVC_PASSWORD='{p1}'
export GOVC_INSECURE=1
export GOVC_DATACENTER=FRA-DC1
# old ESXi host, no vCenter
alias govc-esx='GOVC_URL=https://root:{p2}@esx-07.lab.fabrikam.org/sdk govc'
""", [p1, p2])

    ak, sk = g.aws_key_id(), g.aws_secret()
    maas = g.alnum(18) + ":" + g.alnum(18) + ":" + g.alnum(32)
    add("home/ops/.local/share/juju/credentials.yaml", "juju-credentials-yaml", f"""credentials:
  aws:
    ops:
      auth-type: access-key
      access-key: {ak}
      secret-key: {sk}
  maas-fra:
    admin:
      auth-type: oauth1
      maas-oauth: {maas}
""", [ak, sk, maas])

    ak, sk = rancher_token()
    add("home/ops/.rancher/cli2.json", "rancher-cli2-json", json.dumps({
        "Servers": {"rancherDefault": {
            "accessKey": ak, "secretKey": sk, "tokenKey": ak + ":" + sk,
            "url": "https://rancher.northwind-apps.com", "project": "c-m-%s:p-%s" % (g.chars(LOWER_ALNUM, 8), g.chars(LOWER_ALNUM, 5)),
            "cacert": ""}},
        "CurrentServer": "rancherDefault"}) + "\n", [sk])

    ak, sk = rancher_token()
    add("ci/deploy-rancher.sh", "rancher-login-script", f"""#!/bin/sh
set -e
rancher login https://rancher.northwind-apps.com --token {ak}:{sk} --context c-m-{g.chars(LOWER_ALNUM, 8)}:p-{g.chars(LOWER_ALNUM, 5)}
rancher kubectl -n shop set image deployment/web web=registry.northwind-apps.com/shop/web:$CI_COMMIT_SHA
""", [sk])

    maas = g.alnum(18) + ":" + g.alnum(18) + ":" + g.alnum(32)
    add("docs/maas/cli-setup.txt", "maas-cli-login", f"""ubuntu@maas-01:~$ sudo maas apikey --username=admin > ~/api-key
ubuntu@maas-01:~$ cat ~/api-key
{maas}
ubuntu@maas-01:~$ maas login admin http://10.20.0.5:5240/MAAS/ {maas}

You are now logged in to the MAAS server at
http://10.20.0.5:5240/MAAS/api/2.0/ with the profile name 'admin'.
""", [maas])

    p1, sk_live = pw(), "sk_live_" + g.alnum(24)
    add("home/swarmadmin/.bash_history", "docker-secret-create-history", f"""docker swarm init --advertise-addr 10.20.0.3
docker node ls
printf '{p1}' | docker secret create pg_password -
echo "{sk_live}" | docker secret create stripe_key -
docker secret ls
docker service create --name api --secret pg_password --secret stripe_key registry.northwind-apps.com/api:3.1
docker service logs -f api
""", [p1, sk_live])

    # ================================================================ Foreman / AWX / Ansible
    p1 = pw()
    add("home/ops/.hammer/cli.modules.d/foreman.yml", "hammer-cli-config", f""":foreman:
  :enable_module: true
  :host: 'https://foreman.northwind-apps.com/'
  :username: 'admin'
  :password: '{p1}'
  :refresh_cache: false
  :request_timeout: 120
""", [p1])

    p1, ck, cs = human(), g.alnum(32), g.alnum(32)
    add("etc/foreman-installer/scenarios.d/katello-answers.yaml", "foreman-installer-answers", f"""---
foreman:
  initial_organization: Northwind
  initial_location: FRA
  initial_admin_username: admin
  initial_admin_password: {p1}
  oauth_consumer_key: {ck}
  oauth_consumer_secret: {cs}
foreman_proxy:
  tftp: true
  dhcp: false
""", [p1, ck, cs])

    p1, p2 = pw(), human()
    add("scripts/awx/seed-credentials.sh", "awx-cli-script", f"""#!/usr/bin/env bash
export CONTROLLER_HOST=https://awx.northwind-apps.com
export CONTROLLER_USERNAME=admin
export CONTROLLER_PASSWORD='{p1}'

awx credentials create --credential_type 'Machine' --name 'linux-deploy' --organization Default \\
  --inputs '{{"username": "deploy", "password": "{p2}", "become_method": "sudo"}}'
""", [p1, p2])

    p1, p2 = pw(), pw()
    add("ansible/playbooks/provision-vms.yml", "ansible-module-args", f"""- hosts: localhost
  gather_facts: false
  tasks:
    - name: Clone build agent from template
      community.vmware.vmware_guest:
        hostname: vcenter01.fabrikam.org
        username: svc-ansible@vsphere.local
        password: "{p1}"
        validate_certs: false
        datacenter: FRA-DC1
        name: build-agent-07
        template: ubuntu-2204
        state: poweredon

    - name: Create test VM on the lab cluster
      community.general.proxmox_kvm:
        api_host: pve01.lab.acmecorp.de
        api_user: root@pam
        api_password: "{p2}"
        node: pve01
        name: test-07
""", [p1, p2])

    # ================================================================ negatives
    add("neg/infra/pulumi/Pulumi.staging.yaml", "neg-pulumi-secure", f"""secretsprovider: awskms://alias/pulumi-staging?region=eu-central-1
encryptedkey: {b64(160)}
config:
  aws:region: eu-central-1
  orders:dbPassword:
    secure: v1:{b64(12)}:{b64(36)}
  orders:datadogApiKey:
    secure: v1:{b64(12)}:{b64(48)}
  orders:instanceCount: "2"
""", negative=True)

    add("neg/infra/cloud-init/base.yaml", "neg-cloud-init", """#cloud-config
users:
  - name: ops
    groups: [sudo]
    shell: /bin/bash
    lock_passwd: true
    ssh_import_id: [gh:ops-team]
chpasswd:
  expire: true
  users:
    - name: ubuntu
      type: RANDOM
ssh_pwauth: false
write_files:
  - path: /etc/app/app.env
    content: |
      API_TOKEN=${api_token}
      DB_PASSWORD=${db_password}
""", negative=True)

    add("neg/packer/vsphere/variables.pkr.hcl", "neg-packer-env", """variable "vsphere_password" {
  type      = string
  sensitive = true
  default   = env("VSPHERE_PASSWORD")
}

variable "build_password" {
  type      = string
  sensitive = true
  default   = vault("/secret/data/packer/build", "password")
}

locals {
  aws_secret_key = aws_secretsmanager("packer/aws", "secret_key")
}
""", negative=True)

    add("neg/chef-repo/data_bags/secrets/orders.json", "neg-chef-encrypted-data-bag", json.dumps({
        "id": "orders",
        "db_password": {"encrypted_data": b64(48), "iv": b64(12), "auth_tag": b64(16),
                        "version": 3, "cipher": "aes-256-gcm"},
        "api_key": {"encrypted_data": b64(64), "iv": b64(12), "auth_tag": b64(16),
                    "version": 3, "cipher": "aes-256-gcm"}}, indent=2) + "\n", negative=True)

    add("neg/puppet/data/common.eyaml", "neg-hiera-eyaml", f"""---
mysql::server::root_password: >
    ENC[PKCS7,{b64(180)}]
profile::app::api_token: ENC[PKCS7,{b64(120)}]
profile::app::db_user: orders
""", negative=True)

    add("neg/services/orders-api/serverless.yml", "neg-serverless-refs", """service: orders-api
provider:
  name: aws
  runtime: nodejs18.x
  environment:
    DB_PASSWORD: ${ssm:/orders/prod/db-password}
    STRIPE_SECRET_KEY: ${env:STRIPE_SECRET_KEY}
    SHOPIFY_WEBHOOK_SECRET: ${self:custom.secrets.SHOPIFY_WEBHOOK_SECRET}
custom:
  secrets: ${file(secrets.${opt:stage}.json)}
""", negative=True)

    add("neg/nomad/jobs/checkout.nomad.hcl", "neg-nomad-vault-template", """job "checkout" {
  group "api" {
    task "api" {
      vault {
        policies = ["checkout"]
      }
      template {
        data        = <<EOH
{{ with secret "kv/data/checkout" }}
DB_PASSWORD={{ .Data.data.db_password }}
STRIPE_SECRET_KEY={{ .Data.data.stripe_key }}
{{ end }}
EOH
        destination = "secrets/app.env"
        env         = true
      }
    }
  }
}
""", negative=True)

    add("neg/home/ops/demo-openrc.sh", "neg-openrc-prompt", f"""#!/usr/bin/env bash
export OS_AUTH_URL=https://keystone.cloud.acmecorp.de:5000/v3
export OS_PROJECT_ID={g.hex(32)}
export OS_USERNAME="ops-automation"
echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "
read -sr OS_PASSWORD_INPUT
export OS_PASSWORD=$OS_PASSWORD_INPUT
export OS_REGION_NAME="FRA1"
""", negative=True)

    add("neg/gitops/argocd/argocd-cm.yaml", "neg-argocd-refs", """apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
data:
  url: https://argocd.example.com
  dex.config: |
    connectors:
      - type: github
        id: github
        config:
          clientID: $dex.github.clientID
          clientSecret: $dex.github.clientSecret
---
# argocd login argocd.example.com --username admin --password "$ARGOCD_ADMIN_PASSWORD"
# flux create secret git repo-auth --url=https://github.com/org/repo --username=git --password=${GITHUB_TOKEN}
""", negative=True)

    add("neg/terraform/providers.tf", "neg-terraform-provider-vars", """provider "azurerm" {
  features {}
  client_id     = var.client_id
  client_secret = var.client_secret
  tenant_id     = var.tenant_id
}

provider "proxmox" {
  pm_api_url          = var.pm_api_url
  pm_api_token_id     = var.pm_api_token_id
  pm_api_token_secret = var.pm_api_token_secret
}

provider "vsphere" {
  user           = data.vault_generic_secret.vsphere.data["user"]
  password       = data.vault_generic_secret.vsphere.data["password"]
  vsphere_server = var.vsphere_server
}
""", negative=True)

    add("neg/home/ops/swarm-notes.sh", "neg-docker-secret-file", """openssl rand -base64 32 | docker secret create pg_password -
docker secret create stripe_key ./secrets/stripe_key.txt
docker swarm join-token worker -q > /run/swarm/worker-token
docker swarm join --token "$(cat /run/swarm/worker-token)" 10.20.0.3:2377
""", negative=True)

    add("neg/docs/juju-rancher-setup.md", "neg-docs-placeholders", """# Credentials

Add a cloud credential with `juju add-credential aws`, or write it to `credentials.yaml`:

```yaml
credentials:
  aws:
    ops:
      auth-type: access-key
      access-key: <your-access-key>
      secret-key: <your-secret-key>
```

Then log in to Rancher with an API key: `rancher login https://rancher.example.com --token <BEARER_TOKEN>`.
For Proxmox use `PVEAPIToken=USER@REALM!TOKENID=UUID` and for MAAS `maas login admin $MAAS_URL $(cat api-key)`.
""", negative=True)
