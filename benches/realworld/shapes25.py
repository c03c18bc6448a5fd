"""Twenty-fifth batch of the real-world set: crypto, web3 and trading bots.

Written blind (committed before any scanner ran on it) from the documented formats of the tools
and from how their files look in public repositories: smart-contract toolchains (Hardhat
`hardhat.config.js/ts` `accounts`, Truffle `truffle-config.js` with HDWalletProvider and its
`.secret` file, Foundry `.env`, `foundry.toml` `[rpc_endpoints]` / `[etherscan]`, `forge script`
and `cast send --private-key`, Brownie `brownie-config.yaml` `wallets: from_key`), wallet
libraries in code (ethers `new Wallet`, `Wallet.fromPhrase`, web3.py `from_key`, web3.js and viem
`privateKeyToAccount`, go-ethereum `crypto.HexToECDSA`), raw 64-hex keys named by PRIVATE_KEY /
DEPLOYER_KEY / SIGNER_PRIVATE_KEY, BIP39 seed phrases (valid checksums, from the standard's English
word list, `src/engine/bip39_english.txt`) in .env, JS, JSON and `solana-keygen` output, Solana keypairs
(`id.json` byte arrays, `Keypair.fromSecretKey`, base58 secret keys), an Aptos CLI profile,
Bitcoin WIF keys (base58check) in `importprivkey` lines, an Electrum export and descriptors with
an `xprv`, `bitcoin.conf` `rpcpassword` / `rpcauth`, an LND macaroon in hex, RPC provider keys in
URLs and SDK calls (Infura, Alchemy, QuickNode, Ankr, Chainstack, Helius, Moralis, Etherscan /
BscScan / Polygonscan, Pinata), and exchange API keys (Binance, KuCoin, Gate.io, Bybit, OKX,
Kraken, Bitfinex, Coinbase CDP) in ccxt code, freqtrade `config.json`, hummingbot
`conf_global.yml`, Jesse `.env` and trading-bot `.env` files with Telegram and Discord alert keys.

Negatives are the same files with environment look-ups and placeholders, Hardhat/Anvil's
documented public test accounts and the "test test … junk" mnemonic, public addresses and keys,
transaction and block hashes in deployment artifacts, receipts, explorer links and a Merkle
airdrop file, a VRF key hash, an encrypted keystore, an `Anchor.toml` wallet path and docs.
"""

import base64
import hashlib
import json
import os
import string
import tempfile

from shapes import B62, real_key

_HERE = os.path.dirname(os.path.abspath(__file__))
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
UPPER_ALNUM = string.ascii_uppercase + string.digits

# Hardhat's and Anvil's default accounts: derived from the documented public mnemonic
# "test test test test test test test test test test test junk", printed by `npx hardhat node`
# and `anvil` with the warning that they are publicly known. Negatives only.
HARDHAT_ACCOUNTS = [
    ("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
     "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
    ("0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
     "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    ("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
     "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
    ("0x90F79bf6EB2c4f870365E785982E1f101E93b906",
     "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
]


# Keccak-256 (Ethereum's, not SHA3-256), for EIP-55 address case.
_RC=[0x0000000000000001,0x0000000000008082,0x800000000000808A,0x8000000080008000,0x000000000000808B,0x0000000080000001,0x8000000080008081,0x8000000000008009,0x000000000000008A,0x0000000000000088,0x0000000080008009,0x000000008000000A,0x000000008000808B,0x800000000000008B,0x8000000000008089,0x8000000000008003,0x8000000000008002,0x8000000000000080,0x000000000000800A,0x800000008000000A,0x8000000080008081,0x8000000000008080,0x0000000080000001,0x8000000080008008]
_ROT=[[0,36,3,41,18],[1,44,10,45,2],[62,6,43,15,61],[28,55,25,21,56],[27,20,39,8,14]]
_M=(1<<64)-1
def _rol(x,n): return ((x<<n)|(x>>(64-n)))&_M if n else x
def _keccak_f(A):
    for rc in _RC:
        C=[A[x][0]^A[x][1]^A[x][2]^A[x][3]^A[x][4] for x in range(5)]
        D=[C[(x-1)%5]^_rol(C[(x+1)%5],1) for x in range(5)]
        A=[[A[x][y]^D[x] for y in range(5)] for x in range(5)]
        B=[[0]*5 for _ in range(5)]
        for x in range(5):
            for y in range(5): B[y][(2*x+3*y)%5]=_rol(A[x][y],_ROT[x][y])
        A=[[B[x][y]^((~B[(x+1)%5][y])&B[(x+2)%5][y]) for y in range(5)] for x in range(5)]
        A[0][0]^=rc
    return A
def keccak256(data):
    rate=136; data=bytearray(data)+b'\x01'
    while len(data)%rate: data+=b'\0'
    data[-1]|=0x80
    A=[[0]*5 for _ in range(5)]
    for off in range(0,len(data),rate):
        blk=data[off:off+rate]
        for i in range(rate//8):
            x,y=i%5,i//5; A[x][y]^=int.from_bytes(blk[i*8:i*8+8],'little')
        A=_keccak_f(A)
    out=b''.join(A[i%5][i//5].to_bytes(8,'little') for i in range(4))
    return out


def eip55(hex40):
    """`0x` and the address in EIP-55's mixed case (as wallets and block explorers print it)."""
    h = hex40.lower()
    k = keccak256(h.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(k[i], 16) >= 8 else c for i, c in enumerate(h))


def _wordlist():
    with open(os.path.join(_HERE, "..", "..", "src", "engine", "bip39_english.txt")) as fh:
        words = fh.read().split()
    assert len(words) == 2048
    return words


def b58encode(raw):
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, rem = divmod(n, 58)
        out = B58[rem] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def b58check(payload):
    return b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])


def _bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (b >> i) & 1 else 0
    return chk


def bech32_address(hrp, witver, prog):
    """A segwit v0 address (BIP173), checksum included."""
    acc, bits, data = 0, 0, [witver]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp_exp = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = _bech32_polymod(hrp_exp + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in data + chk)


def build_twentyfifth(g, add):
    r = g.r
    words = _wordlist()
    tmp = tempfile.mkdtemp(prefix="lh-rw25-")

    def rbytes(n):
        return bytes(r.getrandbits(8) for _ in range(n))

    def eth_key():
        """secp256k1 private key: 32 random bytes below the group order, as 64 lowercase hex."""
        return rbytes(32).hex()

    def address():
        """A public address in EIP-55 mixed case (a public value, never a secret). The random
        case drawn first is thrown away (generator fix after the first measurement: addresses
        were in random case, which no wallet prints); drawing it keeps every later value."""
        h = g.hex(40)
        "".join(c.upper() if c.isalpha() and r.random() < 0.5 else c for c in h)
        return eip55(h)

    def mnemonic(n=12):
        ent = rbytes(n * 4 // 3)
        cs_bits = len(ent) * 8 // 32
        bits = bin(int.from_bytes(ent, "big"))[2:].zfill(len(ent) * 8)
        cs = bin(hashlib.sha256(ent).digest()[0])[2:].zfill(8)[:cs_bits]
        bits += cs
        return " ".join(words[int(bits[i:i + 11], 2)] for i in range(0, len(bits), 11))

    def wif(testnet=False, compressed=True):
        payload = bytes([0xEF if testnet else 0x80]) + rbytes(32) + (b"\x01" if compressed else b"")
        return b58check(payload)

    def xprv():
        payload = bytes.fromhex("0488ADE4") + b"\0" + b"\0" * 4 + b"\0" * 4 + rbytes(32) + b"\0" + rbytes(32)
        return b58check(payload)

    def p2wpkh():
        return bech32_address("bc", 0, rbytes(20))

    def sol_secret():
        return list(rbytes(64))

    def sol_pubkey():
        return b58encode(rbytes(32))

    def infura():
        return g.hex(32)

    def alchemy():
        return g.b64url(32)

    def scan_key():
        return g.chars(UPPER_ALNUM, 34)

    def tg_token():
        return "%d%s:AA%s" % (r.randint(5, 7), g.chars(string.digits, 9), g.b64url(33))

    def discord_hook():
        return "https://discord.com/api/webhooks/%d/%s" % (r.randint(10**18, 10**19 - 1), g.b64url(68))

    def qn_host(chain):
        adj = ["sparkling", "wild", "frosty", "quiet", "dark", "young", "broken", "snowy", "icy"]
        noun = ["forest", "river", "meadow", "shape", "frost", "sun", "lake", "breeze"]
        return "%s-%s-%s.%s.quiknode.pro" % (r.choice(adj), r.choice(adj), r.choice(noun), chain)

    def passphrase():
        return g.alnum(r.randint(10, 16)) + r.choice("!@#$*")

    # ================================================================ smart-contract toolchains
    k1, i1, e1 = eth_key(), infura(), scan_key()
    add("contracts/hardhat.config.js", "hardhat-config-accounts-literal", f"""require("@nomicfoundation/hardhat-toolbox");

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {{
  solidity: {{
    version: "0.8.24",
    settings: {{ optimizer: {{ enabled: true, runs: 200 }} }},
  }},
  networks: {{
    sepolia: {{
      url: "https://sepolia.infura.io/v3/{i1}",
      accounts: ["0x{k1}"],
      chainId: 11155111,
    }},
  }},
  etherscan: {{
    apiKey: "{e1}",
  }},
}};
""", [k1, i1, e1])

    k1, a1, e1, e2 = eth_key(), alchemy(), scan_key(), scan_key()
    add("packages/protocol/hardhat.config.ts", "hardhat-config-ts-const-key", f"""import {{ HardhatUserConfig }} from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "hardhat-gas-reporter";

const PRIVATE_KEY = "{k1}";
const ALCHEMY_API_KEY = "{a1}";

const config: HardhatUserConfig = {{
  solidity: "0.8.20",
  defaultNetwork: "hardhat",
  networks: {{
    mainnet: {{
      url: `https://eth-mainnet.g.alchemy.com/v2/${{ALCHEMY_API_KEY}}`,
      accounts: [`0x${{PRIVATE_KEY}}`],
    }},
    polygon: {{
      url: "https://polygon-rpc.com",
      accounts: [`0x${{PRIVATE_KEY}}`],
    }},
  }},
  etherscan: {{
    apiKey: {{
      mainnet: "{e1}",
      polygon: "{e2}",
    }},
  }},
  gasReporter: {{ enabled: true, currency: "USD" }},
}};

export default config;
""", [k1, a1, e1, e2])

    m1, i1 = mnemonic(), infura()
    add("dapp/truffle-config.js", "truffle-hdwallet-mnemonic", f"""const HDWalletProvider = require('@truffle/hdwallet-provider');

const mnemonic = '{m1}';
const infuraKey = '{i1}';

module.exports = {{
  networks: {{
    development: {{
      host: '127.0.0.1',
      port: 7545,
      network_id: '*',
    }},
    goerli: {{
      provider: () => new HDWalletProvider(mnemonic, `https://goerli.infura.io/v3/${{infuraKey}}`),
      network_id: 5,
      confirmations: 2,
      timeoutBlocks: 200,
      skipDryRun: true,
    }},
  }},
  compilers: {{
    solc: {{ version: '0.8.19' }},
  }},
}};
""", [m1, i1])

    m1 = mnemonic()
    add("nft-drop/.secret", "truffle-dot-secret", m1 + "\n", [m1])

    k1, a1, e1 = eth_key(), alchemy(), scan_key()
    add("foundry-vault/.env", "foundry-dotenv", f"""PRIVATE_KEY=0x{k1}
SEPOLIA_RPC_URL=https://eth-sepolia.g.alchemy.com/v2/{a1}
ETHERSCAN_API_KEY={e1}
""", [k1, a1, e1])

    i1, e1 = infura(), scan_key()
    add("staking/foundry.toml", "foundry-toml-rpc-endpoints", f"""[profile.default]
src = "src"
out = "out"
libs = ["lib"]
solc = "0.8.24"
optimizer = true
optimizer_runs = 10_000

[rpc_endpoints]
mainnet = "https://mainnet.infura.io/v3/{i1}"
sepolia = "${{SEPOLIA_RPC_URL}}"

[etherscan]
mainnet = {{ key = "{e1}" }}
sepolia = {{ key = "${{ETHERSCAN_API_KEY}}" }}

# See more config options https://github.com/foundry-rs/foundry/blob/master/crates/config/README.md
""", [i1, e1])

    k1, k2 = eth_key(), eth_key()
    token, to = address(), address()
    add("staking/script/deploy.sh", "foundry-forge-cast-private-key", f"""#!/usr/bin/env bash
set -euo pipefail
source .env

forge script script/Deploy.s.sol:DeployScript \\
  --rpc-url "$SEPOLIA_RPC_URL" \\
  --private-key 0x{k1} \\
  --broadcast --verify -vvvv

# seed the faucet with test tokens
cast send {token} "transfer(address,uint256)" {to} 1000000000000000000000 --rpc-url "$SEPOLIA_RPC_URL" --private-key {k2}
""", [k1, k2])

    k1 = eth_key()
    add("lottery/brownie-config.yaml", "brownie-config-from-key", f"""dependencies:
  - smartcontractkit/chainlink-brownie-contracts@0.6.1
  - OpenZeppelin/openzeppelin-contracts@4.9.3
compiler:
  solc:
    remappings:
      - '@chainlink=smartcontractkit/chainlink-brownie-contracts@0.6.1'
      - '@openzeppelin=OpenZeppelin/openzeppelin-contracts@4.9.3'
dotenv: .env
networks:
  default: development
  sepolia:
    vrf_coordinator: '{address()}'
    link_token: '{address()}'
    keyhash: '0x{g.hex(64)}'
    fee: 250000000000000000
    verify: True
wallets:
  from_key: '0x{k1}'
""", [k1])

    # ================================================================ wallet libraries in code
    i1, k1 = infura(), eth_key()
    add("bots/payout/send.js", "ethers-wallet-literal", f"""const {{ ethers }} = require("ethers");

const provider = new ethers.JsonRpcProvider("https://polygon-mainnet.infura.io/v3/{i1}");
const wallet = new ethers.Wallet("0x{k1}", provider);

async function payout(to, amount) {{
  const tx = await wallet.sendTransaction({{ to, value: ethers.parseEther(amount) }});
  console.log("sent", tx.hash);
  return tx.wait();
}}

module.exports = {{ payout }};
""", [i1, k1])

    k1 = eth_key()
    add("bots/airdrop/claim.py", "web3py-from-key", f"""from web3 import Web3
from eth_account import Account

w3 = Web3(Web3.HTTPProvider("https://bsc-dataseed1.binance.org"))
acct = Account.from_key("0x{k1}")
print("claiming for", acct.address)

tx = CONTRACT.functions.claim().build_transaction({{
    "from": acct.address,
    "nonce": w3.eth.get_transaction_count(acct.address),
    "gasPrice": w3.to_wei(3, "gwei"),
}})
signed = w3.eth.account.sign_transaction(tx, "0x{k1}")
tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
print("tx", tx_hash.hex())
""", [k1])

    k1 = eth_key()
    add("server/src/chain/signer.js", "web3js-private-key-to-account", f"""const {{ Web3 }} = require('web3');

const web3 = new Web3(process.env.RPC_URL);
const account = web3.eth.accounts.privateKeyToAccount('0x{k1}');
web3.eth.accounts.wallet.add(account);

module.exports = {{ web3, account }};
""", [k1])

    k1, a1 = eth_key(), alchemy()
    add("relayer/src/client.ts", "viem-private-key-to-account", f"""import {{ createWalletClient, createPublicClient, http }} from 'viem'
import {{ privateKeyToAccount }} from 'viem/accounts'
import {{ base }} from 'viem/chains'

const account = privateKeyToAccount('0x{k1}')

const transport = http('https://base-mainnet.g.alchemy.com/v2/{a1}')

export const walletClient = createWalletClient({{ account, chain: base, transport }})
export const publicClient = createPublicClient({{ chain: base, transport }})
""", [k1, a1])

    k1 = eth_key()
    add("sniper/settings.py", "python-bot-private-key-const", f"""# PancakeSwap sniper settings
WALLET_ADDRESS = "{address()}"
PRIVATE_KEY = "{k1}"

ROUTER = "{address()}"
WBNB = "{address()}"
BUY_AMOUNT_BNB = 0.05
SLIPPAGE = 12
GAS_PRICE_GWEI = 5
""", [k1])

    k1 = eth_key()
    add("token-launch/config.json", "json-deployer-key", json.dumps({
        "network": "arbitrum",
        "rpc": "https://arb1.arbitrum.io/rpc",
        "deployer_key": "0x" + k1,
        "owner_address": address(),
        "token": {"name": "Northwind Points", "symbol": "NWP", "supply": "100000000"},
    }, indent=2) + "\n", [k1])

    k1 = eth_key()
    add("indexer/cmd/faucet/main.go", "go-ethereum-hextoecdsa", f"""package main

import (
	"context"
	"log"
	"os"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

func main() {{
	client, err := ethclient.Dial(os.Getenv("RPC_URL"))
	if err != nil {{
		log.Fatal(err)
	}}
	privateKey, err := crypto.HexToECDSA("{k1}")
	if err != nil {{
		log.Fatal(err)
	}}
	runFaucet(context.Background(), client, privateKey)
}}
""", [k1])

    k1, t1 = eth_key(), g.hex(40)
    add("ops/keeper/docker-compose.yml", "compose-signer-key-quicknode", f"""services:
  keeper:
    image: ghcr.io/northwind/liquidation-keeper:1.4.2
    restart: unless-stopped
    environment:
      - SIGNER_PRIVATE_KEY=0x{k1}
      - RPC_URL=https://{qn_host("arbitrum-mainnet")}/{t1}/
      - MIN_PROFIT_USD=25
      - LOG_LEVEL=info
""", [k1, t1])

    k1 = eth_key()
    add("dao/.github/workflows/deploy.yml", "gha-owner-key-env", f"""name: deploy
on:
  workflow_dispatch:

jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      OWNER_KEY: "{k1}"
      RPC_URL: ${{{{ secrets.RPC_URL }}}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx hardhat run scripts/deploy.ts --network optimism
""", [k1])

    # ================================================================ seed phrases
    m1, i1 = mnemonic(), infura()
    add("wallet-api/.env", "dotenv-mnemonic", f"""NODE_ENV=production
PORT=3001
MNEMONIC="{m1}"
INFURA_API_KEY={i1}
""", [m1, i1])

    m1 = mnemonic(24)
    add("packages/contracts/hardhat.config.js", "hardhat-accounts-mnemonic", f"""require("@nomicfoundation/hardhat-ethers");

module.exports = {{
  solidity: "0.8.21",
  networks: {{
    bsc: {{
      url: "https://bsc-dataseed.binance.org/",
      chainId: 56,
      accounts: {{
        mnemonic: "{m1}",
        path: "m/44'/60'/0'/0",
        initialIndex: 0,
        count: 5,
      }},
    }},
  }},
}};
""", [m1])

    m1, i1 = mnemonic(), infura()
    add("marketplace/secrets.json", "secrets-json-mnemonic", json.dumps({
        "mnemonic": m1,
        "infuraProjectId": i1,
    }, indent=2) + "\n", [m1, i1])

    m1 = mnemonic()
    add("scripts/restore-wallet.js", "ethers-from-phrase", f"""import {{ ethers }} from "ethers";

// treasury hot wallet
const wallet = ethers.Wallet.fromPhrase("{m1}");
console.log(wallet.address);
""", [m1])

    m1, pk = mnemonic(), sol_pubkey()
    add("docs/setup-treasury.md", "solana-keygen-output", f"""# Treasury keypair

Created on the build box on 2024-03-02:

```
$ solana-keygen new --outfile ~/.config/solana/treasury.json
Generating a new keypair

For added security, enter a BIP39 passphrase

NOTE! This passphrase improves security of the recovery seed phrase NOT the
keypair file itself, which is stored as insecure plain text

BIP39 Passphrase (empty for none):

Wrote new keypair to /home/deploy/.config/solana/treasury.json
================================================================================
pubkey: {pk}
================================================================================
Save this seed phrase and your BIP39 passphrase to recover your new keypair:
{m1}
================================================================================
```

Fund it from the multisig before the first mint.
""", [m1])

    # ================================================================ Solana and others
    s1 = sol_secret()
    add("program/keys/id.json", "solana-keypair-json", json.dumps(s1, separators=(",", ":")) + "\n",
        [json.dumps(s1[:8], separators=(",", ":"))[1:-1]])

    s1 = sol_secret()
    arr = ",".join(str(b) for b in s1)
    add("app/scripts/mint.ts", "solana-keypair-from-secret-key", f"""import {{ Connection, Keypair, clusterApiUrl }} from "@solana/web3.js";
import {{ createMint }} from "@solana/spl-token";

const connection = new Connection(clusterApiUrl("devnet"), "confirmed");
const payer = Keypair.fromSecretKey(Uint8Array.from([{arr}]));

(async () => {{
  const mint = await createMint(connection, payer, payer.publicKey, null, 9);
  console.log("mint", mint.toBase58());
}})();
""", [arr[:40]])

    b1, u1 = b58encode(rbytes(64)), g.uuid4()
    add("jupiter-bot/.env", "solana-dotenv-base58-helius", f"""SOLANA_PRIVATE_KEY={b1}
RPC_URL=https://mainnet.helius-rpc.com/?api-key={u1}
SLIPPAGE_BPS=50
MIN_SOL_BALANCE=0.05
""", [b1, u1])

    b1 = b58encode(rbytes(64))
    add("raydium-sniper/wallet.py", "solders-from-base58", f"""from solders.keypair import Keypair
from solana.rpc.api import Client

client = Client("https://api.mainnet-beta.solana.com")
keypair = Keypair.from_base58_string("{b1}")
print("wallet", keypair.pubkey())
""", [b1])

    k1 = eth_key()
    add("move-dex/.aptos/config.yaml", "aptos-cli-profile", f"""---
profiles:
  default:
    network: Mainnet
    private_key: "ed25519-priv-0x{k1}"
    public_key: "ed25519-pub-0x{g.hex(64)}"
    account: {g.hex(64)}
    rest_url: "https://fullnode.mainnet.aptoslabs.com"
""", [k1])

    # ================================================================ Bitcoin and Lightning
    w1, w2 = wif(), wif(testnet=True)
    add("home/satoshi/.bash_history", "bitcoin-cli-importprivkey-history", f"""cd ~/btc
bitcoind -daemon
bitcoin-cli getblockchaininfo
bitcoin-cli createwallet cold
bitcoin-cli -rpcwallet=cold importprivkey "{w1}" "cold-1" false
bitcoin-cli -rpcwallet=cold rescanblockchain 820000
bitcoin-cli -testnet importprivkey {w2}
bitcoin-cli -testnet getbalance
""", [w1, w2])

    w1, w2 = wif(), wif()
    add("recovery/electrum-export.json", "electrum-private-keys-export", json.dumps({
        p2wpkh(): "p2wpkh:" + w1,
        p2wpkh(): "p2wpkh:" + w2,
    }, indent=4) + "\n", [w1, w2])

    x1, w1 = xprv(), wif()
    cs1, cs2 = g.chars(BECH32, 8), g.chars(BECH32, 8)
    add("node-setup/descriptors-backup.sh", "bitcoin-descriptor-xprv-wif", f"""#!/bin/sh
# restore the hot wallet on the new node (from `bitcoin-cli listdescriptors true`)
bitcoin-cli createwallet hot false true "" false true
bitcoin-cli -rpcwallet=hot importdescriptors '[{{"desc": "wpkh({x1}/84h/0h/0h/0/*)#{cs1}", "timestamp": 1700000000, "active": true, "range": [0, 999]}}]'
bitcoin-cli -rpcwallet=hot importdescriptors '[{{"desc": "wpkh({w1})#{cs2}", "timestamp": "now"}}]'
""", [x1, w1])

    p1 = g.alnum(r.randint(24, 32))
    add("btc-node/bitcoin.conf", "bitcoin-conf-rpcpassword", f"""server=1
txindex=1
prune=0
rpcuser=btcrpc
rpcpassword={p1}
rpcallowip=10.0.0.0/8
rpcbind=0.0.0.0
zmqpubrawblock=tcp://0.0.0.0:28332
zmqpubrawtx=tcp://0.0.0.0:28333
""", [p1])

    salt, hm = g.hex(32), g.hex(64)
    add("docker/bitcoind/bitcoin.conf", "bitcoin-conf-rpcauth", f"""# bitcoind for the payment processor
regtest=0
server=1
disablewallet=1
rpcauth=btcpay:{salt}${hm}
rpcallowip=172.18.0.0/16
rpcbind=0.0.0.0:8332
""", [hm])

    def macaroon():
        ops = [("address", ["read", "write"]), ("info", ["read", "write"]),
               ("invoices", ["read", "write"]), ("macaroon", ["generate", "read", "write"]),
               ("message", ["read", "write"]), ("offchain", ["read", "write"]),
               ("onchain", ["read", "write"]), ("peers", ["read", "write"]),
               ("signer", ["generate", "read"])]

        def field(tag, data):
            return bytes([tag, len(data)]) + data
        ident = b"\x03" + field(0x0A, rbytes(16)) + field(0x12, b"0")
        for ent, acts in ops:
            inner = field(0x0A, ent.encode()) + b"".join(field(0x12, a.encode()) for a in acts)
            ident += field(0x1A, inner)
        body = b"\x02\x01\x03lnd\x02" + (bytes([len(ident)]) if len(ident) < 128
                                            else bytes([len(ident) & 0x7F | 0x80, len(ident) >> 7])) + ident
        return (body + b"\x00\x00\x06\x20" + rbytes(32)).hex()

    mac = macaroon()
    add("lnbits/.env", "lnbits-lnd-macaroon", f"""LNBITS_BACKEND_WALLET_CLASS=LndRestWallet
LND_REST_ENDPOINT=https://10.21.21.9:8080
LND_REST_CERT=/app/data/tls.cert
LND_REST_MACAROON="{mac}"
LNBITS_SITE_TITLE="Northwind Tips"
""", [mac])

    # ================================================================ RPC and data providers
    t1, a1, c1 = g.hex(40), g.hex(64), g.hex(32)
    add("frontend/src/config/chains.ts", "rpc-urls-quicknode-ankr-chainstack", f"""export const RPC_URLS: Record<number, string> = {{
  56: 'https://{qn_host("bsc")}/{t1}/',
  1: 'https://rpc.ankr.com/eth/{a1}',
  42161: 'https://nd-{r.randint(100, 999)}-{r.randint(100, 999)}-{r.randint(100, 999)}.p2pify.com/{c1}',
  137: 'https://polygon-rpc.com',
}};
""", [t1, a1, c1])

    def b64url_nopad(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    hdr = b64url_nopad(b'{"alg":"HS256","typ":"JWT"}')
    body = b64url_nopad(json.dumps({"nonce": g.uuid4(), "orgId": str(r.randint(100000, 999999)),
                                    "userId": str(r.randint(100000, 999999)), "typeId": g.uuid4(),
                                    "type": "PROJECT", "iat": 1700000000 + r.randint(0, 10**7),
                                    "exp": 4800000000 + r.randint(0, 10**7)},
                                   separators=(",", ":")).encode())
    mj = "%s.%s.%s" % (hdr, body, g.b64url(43))
    add("nft-api/src/moralis.js", "moralis-start-apikey", f"""import Moralis from "moralis";

export async function initMoralis() {{
  if (!Moralis.Core.isStarted) {{
    await Moralis.start({{
      apiKey: "{mj}",
    }});
  }}
}}
""", [mj])

    e1, e2 = scan_key(), scan_key()
    add("analytics/balances.py", "etherscan-bscscan-url-apikey", f"""import requests

WALLET = "{address()}"

eth = requests.get(f"https://api.etherscan.io/api?module=account&action=balance&address={{WALLET}}&tag=latest&apikey={e1}").json()
bsc = requests.get(f"https://api.bscscan.com/api?module=account&action=balance&address={{WALLET}}&tag=latest&apikey={e2}").json()
print(int(eth["result"]) / 1e18, int(bsc["result"]) / 1e18)
""", [e1, e2])

    a1 = alchemy()
    add("nft-api/src/alchemy.ts", "alchemy-sdk-settings", f"""import {{ Alchemy, Network }} from "alchemy-sdk";

const settings = {{
  apiKey: "{a1}",
  network: Network.ETH_MAINNET,
}};

export const alchemy = new Alchemy(settings);
""", [a1])

    p1, p2 = g.hex(20), g.hex(64)
    add("nft-drop/.env", "pinata-dotenv", f"""PINATA_API_KEY={p1}
PINATA_SECRET_API_KEY={p2}
COLLECTION_NAME="Northwind Critters"
""", [p1, p2])

    # ================================================================ exchanges and trading bots
    k1, s1 = g.alnum(64), g.alnum(64)
    add("trader/exchange.py", "ccxt-binance-python", f"""import ccxt

exchange = ccxt.binance({{
    'apiKey': '{k1}',
    'secret': '{s1}',
    'enableRateLimit': True,
    'options': {{'defaultType': 'future'}},
}})

def balance():
    return exchange.fetch_balance()['USDT']
""", [k1, s1])

    k1, s1, p1 = g.hex(24), g.uuid4(), passphrase()
    add("arb-bot/src/exchanges.js", "ccxt-kucoin-js-passphrase", f"""const ccxt = require('ccxt');

const kucoin = new ccxt.kucoin({{
  apiKey: '{k1}',
  secret: '{s1}',
  password: '{p1}',
}});

module.exports = {{ kucoin }};
""", [k1, s1, p1])

    k1, s1, tt, jw, ap = g.alnum(64), g.alnum(64), tg_token(), g.hex(64), g.alnum(20)
    add("ft_userdata/user_data/config.json", "freqtrade-config-json", json.dumps({
        "max_open_trades": 3,
        "stake_currency": "USDT",
        "stake_amount": "unlimited",
        "tradable_balance_ratio": 0.99,
        "dry_run": False,
        "trading_mode": "spot",
        "exchange": {
            "name": "binance",
            "key": k1,
            "secret": s1,
            "ccxt_config": {},
            "ccxt_async_config": {},
            "pair_whitelist": ["BTC/USDT", "ETH/USDT", "SOL/USDT"],
            "pair_blacklist": ["BNB/.*"],
        },
        "pairlists": [{"method": "StaticPairList"}],
        "telegram": {"enabled": True, "token": tt, "chat_id": str(r.randint(10**8, 10**9))},
        "api_server": {"enabled": True, "listen_ip_address": "0.0.0.0", "listen_port": 8080,
                       "verbosity": "error", "enable_openapi": False, "jwt_secret_key": jw,
                       "CORS_origins": [], "username": "freqtrader", "password": ap},
        "bot_name": "freqtrade",
        "initial_state": "running",
        "internals": {"process_throttle_secs": 5},
    }, indent=4) + "\n", [k1, s1, tt, jw, ap])

    k1, s1 = g.hex(32), g.hex(64)
    add("hummingbot/conf/conf_global.yml", "hummingbot-conf-global", f"""#################################
###   Global configurations   ###
#################################

# For more detailed information: https://docs.hummingbot.io
template_version: 17

# Exchange configs
binance_api_key: null
binance_api_secret: null

gate_io_api_key: {k1}
gate_io_secret_key: {s1}

kucoin_api_key: null
kucoin_secret_key: null
kucoin_passphrase: null

# Kill switch
kill_switch_enabled: false
kill_switch_rate: -100

telegram_enabled: false
telegram_token: null
telegram_chat_id: null
""", [k1, s1])

    dp, k1, s1 = g.alnum(16), g.alnum(18), g.alnum(36)
    add("jesse-bot/.env", "jesse-dotenv", f"""PASSWORD={dp}
APP_PORT=9000

POSTGRES_HOST=127.0.0.1
POSTGRES_NAME=jesse_db
POSTGRES_PORT=5432
POSTGRES_USERNAME=jesse_user
POSTGRES_PASSWORD=password

REDIS_HOST=localhost
REDIS_PORT=6379
REDIS_PASSWORD=

# Bybit USDT perpetual
BYBIT_USDT_PERPETUAL_API_KEY={k1}
BYBIT_USDT_PERPETUAL_API_SECRET={s1}
""", [dp, k1, s1])

    ec = real_key("ec", tmp)
    if ec:
        body = [ln for ln in ec.strip().splitlines() if not ln.startswith("-----")]
        pem_json = ec.strip().replace("\n", "\\n") + "\\n"
        add("coinbase-bot/cdp_api_key.json", "coinbase-cdp-key-json", """{
   "name": "organizations/%s/apiKeys/%s",
   "privateKey": "%s"
}
""" % (g.uuid4(), g.uuid4(), pem_json), [body[0][:40]])

    k1, s1 = g.b64(42), g.b64(64)
    add("kraken-dca/kraken.key", "krakenex-key-file", f"""{k1}
{s1}
""", [k1, s1])

    k1, s1, p1 = g.uuid4(), g.upper_hex(32), passphrase()
    add("okx-grid/trade.py", "python-okx-key-secret-passphrase", f"""import okx.Trade as Trade

api_key = "{k1}"
secret_key = "{s1}"
passphrase = "{p1}"
flag = "0"  # live trading: 0, demo trading: 1

tradeAPI = Trade.TradeAPI(api_key, secret_key, passphrase, False, flag)
result = tradeAPI.place_order(instId="BTC-USDT", tdMode="cash", side="buy", ordType="market", sz="100")
print(result)
""", [k1, s1, p1])

    k1, s1 = g.alnum(43), g.alnum(43)
    add("funding-bot/index.js", "bitfinex-rest-v2", f"""const {{ RESTv2 }} = require('bfx-api-node-rest')

const rest = new RESTv2({{
  apiKey: '{k1}',
  apiSecret: '{s1}',
  transform: true
}})

rest.wallets().then(w => console.log(w))
""", [k1, s1])

    k1, s1 = g.alnum(64), g.alnum(64)
    add("grid/binance_client.py", "python-binance-positional", f"""from binance.client import Client

client = Client("{k1}", "{s1}")
print(client.get_account()["balances"][:5])
""", [k1, s1])

    k1, s1, tt, dh = g.alnum(64), g.alnum(64), tg_token(), discord_hook()
    add("signal-bot/.env", "trading-bot-dotenv-alerts", f"""BINANCE_API_KEY={k1}
BINANCE_SECRET_KEY={s1}
TELEGRAM_BOT_TOKEN={tt}
TELEGRAM_CHAT_ID=-100{r.randint(10**9, 10**10 - 1)}
DISCORD_WEBHOOK_URL={dh}
SYMBOLS=BTCUSDT,ETHUSDT
""", [k1, s1, tt, dh])

    # ================================================================ negatives
    add("neg/contracts/hardhat.config.js", "neg-hardhat-env", """require("@nomicfoundation/hardhat-toolbox");
require("dotenv").config();

const { PRIVATE_KEY, INFURA_API_KEY, ETHERSCAN_API_KEY } = process.env;

module.exports = {
  solidity: "0.8.24",
  networks: {
    hardhat: {
      accounts: { mnemonic: "test test test test test test test test test test test junk" },
    },
    sepolia: {
      url: `https://sepolia.infura.io/v3/${INFURA_API_KEY}`,
      accounts: PRIVATE_KEY ? [`0x${PRIVATE_KEY}`] : [],
    },
  },
  etherscan: { apiKey: ETHERSCAN_API_KEY },
};
""", negative=True)

    add("neg/foundry/.env.example", "neg-env-example", """# copy to .env and fill in
PRIVATE_KEY=0xYOUR_PRIVATE_KEY
DEPLOYER_KEY=<your deployer private key>
MNEMONIC="your twelve word seed phrase goes here"
SEPOLIA_RPC_URL=https://eth-sepolia.g.alchemy.com/v2/YOUR_ALCHEMY_KEY
MAINNET_RPC_URL=https://mainnet.infura.io/v3/YOUR_INFURA_PROJECT_ID
ETHERSCAN_API_KEY=your_etherscan_api_key
BINANCE_API_KEY=
BINANCE_API_SECRET=
TELEGRAM_BOT_TOKEN=123456789:your-telegram-bot-token
""", negative=True)

    acct_lines = "\n".join("Account #%d: %s (10000 ETH)\nPrivate Key: %s\n" % (i, a, k)
                           for i, (a, k) in enumerate(HARDHAT_ACCOUNTS))
    add("neg/docs/local-node.md", "neg-hardhat-node-accounts", f"""# Running a local chain

`npx hardhat node` (or `anvil`) starts a JSON-RPC server at http://127.0.0.1:8545 with funded
accounts derived from the default mnemonic:

```
Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:8545/

Accounts
========

WARNING: These accounts, and their private keys, are publicly known.
Any funds sent to them on Mainnet or any other live network WILL BE LOST.

{acct_lines}
WARNING: These accounts, and their private keys, are publicly known.
Any funds sent to them on Mainnet or any other live network WILL BE LOST.
```

Import Account #0 into MetaMask for local testing only.
""", negative=True)

    (a0, k0), (a1_, k1_), (a2, k2_) = HARDHAT_ACCOUNTS[:3]
    add("neg/e2e/fixtures/accounts.ts", "neg-anvil-keys-in-test", f"""import {{ privateKeyToAccount }} from 'viem/accounts'
import {{ foundry }} from 'viem/chains'

// anvil's default accounts (public test keys, local chain only)
export const RPC = 'http://127.0.0.1:8545'
export const OWNER_KEY = '{k0}'
export const owner = privateKeyToAccount(OWNER_KEY)
export const alice = privateKeyToAccount('{k1_}')
export const bob = privateKeyToAccount('{k2_}')
export const chain = foundry
""", negative=True)

    deploy = {
        "address": address(),
        "abi": [
            {"inputs": [{"internalType": "address", "name": "owner", "type": "address"}],
             "stateMutability": "nonpayable", "type": "constructor"},
            {"anonymous": False, "inputs": [
                {"indexed": True, "internalType": "address", "name": "from", "type": "address"},
                {"indexed": True, "internalType": "address", "name": "to", "type": "address"},
                {"indexed": False, "internalType": "uint256", "name": "value", "type": "uint256"}],
             "name": "Transfer", "type": "event"},
        ],
        "transactionHash": "0x" + g.hex(64),
        "receipt": {
            "to": None,
            "from": address(),
            "contractAddress": address(),
            "transactionIndex": 12,
            "gasUsed": "1184512",
            "blockHash": "0x" + g.hex(64),
            "transactionHash": "0x" + g.hex(64),
            "logs": [{"transactionIndex": 12, "blockNumber": 5123456,
                      "address": address(),
                      "topics": ["0x" + g.hex(64), "0x" + "0" * 24 + g.hex(40), "0x" + "0" * 24 + g.hex(40)],
                      "data": "0x" + g.hex(64), "logIndex": 33, "blockHash": "0x" + g.hex(64)}],
            "blockNumber": 5123456,
            "cumulativeGasUsed": "3811245",
            "status": 1,
        },
        "args": [address()],
        "numDeployments": 1,
        "solcInputHash": g.hex(32),
        "bytecode": "0x608060405234801561001057600080fd5b50" + g.hex(400),
    }
    add("neg/deployments/sepolia/Token.json", "neg-hardhat-deploy-artifact",
        json.dumps(deploy, indent=2) + "\n", negative=True)

    claims = {address(): {"index": i, "amount": hex(r.randint(10**18, 10**21)),
                          "proof": ["0x" + g.hex(64) for _ in range(4)]} for i in range(3)}
    add("neg/airdrop/merkle.json", "neg-merkle-airdrop", json.dumps({
        "merkleRoot": "0x" + g.hex(64),
        "tokenTotal": hex(r.randint(10**22, 10**23)),
        "claims": claims,
    }, indent=2) + "\n", negative=True)

    tx1, tx2, blk = g.hex(64), g.hex(64), g.hex(64)
    add("neg/docs/RELEASES.md", "neg-explorer-tx-links", f"""# Releases

## v2.1.0 (mainnet)

- Upgraded the vault proxy: [0x{tx1[:10]}…](https://etherscan.io/tx/0x{tx1})
- New implementation at `{address()}`
- Timelock execution tx: https://etherscan.io/tx/0x{tx2}
- Included in block hash `0x{blk}`

## v2.0.0

- Audit report commit: `{g.hex(40)}`
- Deployer (public address): `{address()}`
""", negative=True)

    ks_addr = g.hex(40)
    add("neg/keystore/UTC--2024-01-15T10-22-31.512Z--%s" % ks_addr, "neg-keystore-v3", json.dumps({
        "address": ks_addr,
        "crypto": {
            "cipher": "aes-128-ctr",
            "ciphertext": g.hex(64),
            "cipherparams": {"iv": g.hex(32)},
            "kdf": "scrypt",
            "kdfparams": {"dklen": 32, "n": 262144, "p": 1, "r": 8, "salt": g.hex(64)},
            "mac": g.hex(64),
        },
        "id": g.uuid4(),
        "version": 3,
    }) + "\n", negative=True)

    add("neg/solana-app/Anchor.toml", "neg-anchor-toml", f"""[toolchain]
anchor_version = "0.30.1"

[features]
resolution = true
skip-lint = false

[programs.devnet]
escrow = "{sol_pubkey()}"

[programs.localnet]
escrow = "{sol_pubkey()}"

[provider]
cluster = "devnet"
wallet = "~/.config/solana/id.json"

[scripts]
test = "yarn run ts-mocha -p ./tsconfig.json -t 1000000 tests/**/*.ts"
""", negative=True)

    add("neg/freqtrade/config.example.json", "neg-freqtrade-placeholders", json.dumps({
        "dry_run": True,
        "exchange": {"name": "binance", "key": "your_exchange_key", "secret": "your_exchange_secret",
                     "pair_whitelist": ["BTC/USDT"]},
        "telegram": {"enabled": False, "token": "your_telegram_token", "chat_id": "your_telegram_chat_id"},
        "api_server": {"enabled": False, "jwt_secret_key": "somethingrandom", "username": "freqtrader",
                       "password": ""},
    }, indent=4) + "\n", negative=True)

    add("neg/trader/exchange.py", "neg-ccxt-env", """import os

import ccxt
from web3 import Web3
from eth_account import Account

exchange = ccxt.binance({
    'apiKey': os.environ['BINANCE_API_KEY'],
    'secret': os.environ['BINANCE_API_SECRET'],
})
acct = Account.from_key(os.getenv("PRIVATE_KEY"))
TRANSFER_TOPIC = Web3.keccak(text="Transfer(address,address,uint256)").hex()
""", negative=True)

    xpub = b58check(bytes.fromhex("0488B21E") + b"\x03" + rbytes(4) + bytes.fromhex("80000000")
                    + rbytes(32) + b"\x02" + rbytes(32))
    add("neg/docs/bitcoin-node.md", "neg-bitcoin-docs", f"""# Bitcoin node

Donations: `{p2wpkh()}`

Watch-only wallet (account xpub, public):

```
{xpub}
```

To sweep a paper wallet, run `bitcoin-cli importprivkey "<your-private-key>" "paper" false`.

`bitcoin.conf`:

```
server=1
rpcuser=<rpc user>
rpcpassword=<rpc password>
```

Generate an `rpcauth=` line with `share/rpcauth/rpcauth.py <username>` instead of storing a
password.
""", negative=True)

    add("neg/wallets/treasury-addresses.json", "neg-public-keys", json.dumps({
        "ethereum": {"address": address(), "publicKey": "0x04" + g.hex(128)},
        "solana": {"address": sol_pubkey()},
        "bitcoin": {"address": p2wpkh()},
        "safe": {"address": address(), "owners": [address(), address(), address()], "threshold": 2},
    }, indent=2) + "\n", negative=True)
