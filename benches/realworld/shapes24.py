"""Twenty-fourth batch of the real-world set: credentials written in languages other than English.

Written blind (committed before any scanner ran on it) from how developers and admins who do not
write English name and note credentials: PHP connection files with `$senha`, `$contrasena`,
`$clave`, `$mdp`, `$sifre`, `$haslo`; Java, C#, Python, Go and JavaScript constants named
`SENHA`, `PASSWORT`, `KENNWORT`, `MOT_DE_PASSE`, `WACHTWOORD`, `PAROLA`, `SALASANA`, `mima`;
properties and YAML keys (`datenbank.passwort=`, `correo.clave:`); .env files; and the prose of
READMEs, wikis, hand-over notes and chat logs in Portuguese, Spanish, French, German, Italian,
Dutch, Polish, Turkish, Russian, Ukrainian, Chinese, Japanese, Korean, Vietnamese, Indonesian,
Czech, Swedish and Arabic (`Senha:`, `Contraseña:`, `Mot de passe :`, `Passwort:`, `Hasło:`,
`Şifre:`, `Пароль:`, `密码：`, `パスワード：`, `비밀번호:`, `Mật khẩu:`, `Kata sandi:`,
`Heslo:`, `Lösenord:`, `كلمة المرور:`) including full-width colons and "the password is …"
sentences, and API keys and secrets named in those languages (`chave_api`, `clave_secreta`,
`clé secrète`, `Schlüssel`, `密钥`, `アクセスキー`, `ключ`). Negatives are the same files with
environment look-ups, placeholders in each language (`sua_senha_aqui`, `votre_mot_de_passe`,
`请输入密码`), and the locale files of login forms whose values are the translated word for
"password" and its error messages.
"""

import json

from shapes import without


def build_twentyfourth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; ,')

    def pw():
        return q(g.password())

    def local(words):
        """A human password in the writer's language: a word, digits, a symbol."""
        return r.choice(words).capitalize() + str(r.randint(10, 2026)) + r.choice("!@#*?.")

    PT = ["flamengo", "saudade", "cachorro", "palmeiras", "brasil", "jabuticaba", "corinthians"]
    ES = ["barcelona", "tortuga", "mariposa", "girasol", "america", "chivas", "peloteo"]
    FR = ["soleil", "papillon", "marseille", "fromage", "bonheur", "chaton"]
    DE = ["sommer", "schalke", "kartoffel", "bayern", "eichhorn", "sonnenschein"]
    TR = ["galatasaray", "fenerbahce", "istanbul", "kartal", "ankara"]
    PL = ["kochanie", "legia", "slonko", "krakow", "zaq1"]
    RU = ["zenit", "spartak", "medved", "kotik", "solnce"]

    def alnum(n):
        return g.alnum(n)

    # ================================================================ Portuguese (Brazil)
    p1 = pw()
    add("loja/conexao.php", "php-conexao-senha", f"""<?php
// Conexão com o banco de dados
$servidor = "localhost";
$usuario  = "loja_admin";
$senha    = "{p1}";
$banco    = "loja_virtual";

$conn = mysqli_connect($servidor, $usuario, $senha, $banco);
if (!$conn) {{
    die("Falha na conexão: " . mysqli_connect_error());
}}
""", [p1])

    p1, p2 = local(PT), pw()
    add("sistema-escolar/src/main/java/br/com/escola/dao/Conexao.java", "java-conexao-senha", f"""package br.com.escola.dao;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

public class Conexao {{
    private static final String URL = "jdbc:mysql://10.0.4.12:3306/escola";
    private static final String USUARIO = "escola";
    private static final String SENHA = "{p1}";

    // conta usada para enviar os boletins por e-mail
    private static final String EMAIL_REMETENTE = "secretaria@escolamodelo.com.br";
    private static final String SENHA_EMAIL = "{p2}";

    public static Connection getConexao() throws SQLException {{
        return DriverManager.getConnection(URL, USUARIO, SENHA);
    }}
}}
""", [p1, p2])

    p1 = pw()
    add("bot-vendas/enviar_email.py", "python-senha-smtp", f"""import smtplib
from email.mime.text import MIMEText

REMETENTE = "relatorios@vendasrapidas.com.br"
SENHA = "{p1}"  # senha de app do gmail

def enviar(destinatario, assunto, corpo):
    msg = MIMEText(corpo)
    msg["Subject"] = assunto
    msg["From"] = REMETENTE
    msg["To"] = destinatario
    with smtplib.SMTP_SSL("smtp.gmail.com", 465) as s:
        s.login(REMETENTE, SENHA)
        s.send_message(msg)
""", [p1])

    p1, k1 = local(PT), alnum(32)
    add("api-pedidos/.env", "dotenv-senha", f"""# Configurações do banco
DB_HOST=pedidos-db.interno
DB_USUARIO=pedidos
DB_SENHA={p1}

# Integração com o gateway de pagamento
CHAVE_API_PAGAMENTO={k1}
""", [p1, k1])

    p1, p2 = pw(), local(PT)
    add("docs/acessos.md", "md-acessos-pt", f"""# Acessos do ambiente de homologação

| Sistema | Usuário | Senha |
|---|---|---|
| Painel administrativo | admin | {p1} |
| Banco (phpMyAdmin) | root | {p2} |

Não compartilhar fora do time.
""", [p1, p2])

    p1 = local(PT)
    add("notas/servidor.txt", "txt-senha-prose-pt", f"""Servidor novo da contabilidade
IP: 192.168.10.40
Usuário: suporte
Senha: {p1}
Acesso remoto liberado só pela VPN.
""", [p1])

    # ================================================================ Spanish
    p1 = pw()
    add("tienda/includes/conexion.php", "php-conexion-contrasena", f"""<?php
$host = "localhost";
$usuario = "tienda";
$contrasena = "{p1}";
$basededatos = "tienda_online";

$conexion = new mysqli($host, $usuario, $contrasena, $basededatos);
if ($conexion->connect_error) {{
    die("Error de conexión: " . $conexion->connect_error);
}}
""", [p1])

    p1 = local(ES)
    add("inventario/config/db.php", "php-clave-array", f"""<?php
return [
    'servidor' => '127.0.0.1',
    'usuario'  => 'inventario',
    'clave'    => '{p1}',
    'base'     => 'inventario',
];
""", [p1])

    p1, p2 = pw(), local(ES)
    add("reservas/src/config.js", "js-contrasena-utf8", f"""// Configuración del servidor de correo
export const correo = {{
  servidor: 'smtp.office365.com',
  puerto: 587,
  usuario: 'reservas@hotelmiramar.mx',
  contraseña: '{p1}',
}};

export const baseDeDatos = {{
  host: 'db.reservas.local',
  usuario: 'reservas',
  contrasena: '{p2}',
}};
""", [p1, p2])

    p1, k1 = pw(), g.b64url(40)
    add("facturacion/application.yml", "yaml-clave-es", f"""facturacion:
  correo:
    usuario: facturas@distribuidoraluna.com.ar
    clave: {p1}
  afip:
    clave_secreta: "{k1}"
""", [p1, k1])

    p1 = local(ES)
    add("wiki/Accesos-servidor.md", "md-contrasena-prose-es", f"""## Servidor de pruebas

Para entrar al servidor de pruebas usa el usuario `deploy`. La contraseña es **{p1}** (cámbiala
la primera vez que entres).
""", [p1])

    # ================================================================ French
    p1, p2 = pw(), local(FR)
    add("gestion-stock/config.py", "python-mot-de-passe", f"""# Paramètres de connexion à la base
HOTE_BDD = "bdd.gestion.lan"
UTILISATEUR_BDD = "stock"
MOT_DE_PASSE_BDD = "{p1}"

# Compte de messagerie pour les alertes
MDP_MESSAGERIE = "{p2}"
""", [p1, p2])

    p1 = pw()
    add("site-asso/inc/connexion.php", "php-mdp", f"""<?php
$serveur = 'localhost';
$utilisateur = 'asso';
$mdp = '{p1}';
$base = 'association';
$pdo = new PDO("mysql:host=$serveur;dbname=$base", $utilisateur, $mdp);
""", [p1])

    p1 = local(FR)
    add("docs/passation.md", "md-mot-de-passe-prose-fr", f"""# Passation — serveur de sauvegarde

- Adresse : 10.12.0.7
- Identifiant : sauvegarde
- Mot de passe : {p1}

Le mot de passe du NAS est le même.
""", [p1])

    k1 = g.hex(40)
    add("meteo-bot/.env", "dotenv-cle-fr", f"""LANGUE=fr
CLE_API_METEO={k1}
""", [k1])

    # ================================================================ German
    p1, p2 = pw(), local(DE)
    add("lagerverwaltung/src/main/resources/application.properties", "properties-passwort", f"""# Datenbank
datenbank.url=jdbc:postgresql://db-lager.intern:5432/lager
datenbank.benutzer=lager
datenbank.passwort={p1}

# Mailversand
mail.benutzername=lager@spedition-krause.de
mail.kennwort={p2}
""", [p1, p2])

    p1 = pw()
    add("Zeiterfassung/Konfiguration.cs", "csharp-kennwort", f"""namespace Zeiterfassung
{{
    public static class Konfiguration
    {{
        public const string Server = "sql01.firma.local";
        public const string Benutzer = "zeiterfassung";
        public const string Kennwort = "{p1}";
    }}
}}
""", [p1])

    p1, p2 = local(DE), pw()
    add("doku/Zugangsdaten.md", "md-zugangsdaten-de", f"""# Zugangsdaten Testsystem

**Router**
Benutzername: admin
Passwort: {p1}

**WLAN Büro**
SSID: Buero-5G
WLAN-Schlüssel: {p2}
""", [p1, p2])

    k1 = alnum(40)
    add("wetterstation/einstellungen.yaml", "yaml-schluessel-de", f"""wetterdienst:
  anbieter: openweathermap
  api_schluessel: {k1}
  ort: Leipzig
""", [k1])

    # ================================================================ Italian / Dutch
    p1 = pw()
    add("gestionale/impostazioni.ini", "ini-parola-chiave-it", f"""[database]
host = 10.1.1.20
utente = gestionale
parola_chiave = {p1}
""", [p1])

    p1 = pw()
    add("webshop/instellingen.py", "python-wachtwoord", f"""DATABASE = {{
    "server": "db.webshop.nl",
    "gebruiker": "webshop",
    "wachtwoord": "{p1}",
}}
""", [p1])

    p1 = local(DE)
    add("notities/nas.txt", "txt-wachtwoord-prose-nl", f"""NAS op zolder
gebruikersnaam: beheer
wachtwoord: {p1}
""", [p1])

    # ================================================================ Polish / Turkish / Czech
    p1 = pw()
    add("sklep/config/baza.php", "php-haslo", f"""<?php
define('DB_SERWER', 'localhost');
define('DB_UZYTKOWNIK', 'sklep');
define('DB_HASLO', '{p1}');
define('DB_NAZWA', 'sklep');
""", [p1])

    p1 = local(PL)
    add("dokumentacja/dostepy.md", "md-haslo-prose-pl", f"""## Dostęp do serwera

Login: administrator
Hasło: {p1}
""", [p1])

    p1, p2 = pw(), local(TR)
    add("OtelRezervasyon/App.config", "xml-sifre-tr", f"""<?xml version="1.0" encoding="utf-8" ?>
<configuration>
  <appSettings>
    <add key="Sunucu" value="SQL2019" />
    <add key="KullaniciAdi" value="otel" />
    <add key="Sifre" value="{p1}" />
    <add key="MailSifresi" value="{p2}" />
  </appSettings>
</configuration>
""", [p1, p2])

    p1 = pw()
    add("stok-takip/src/db.js", "js-sifre-tr", f"""const mysql = require('mysql2');

const kullanici = 'stok';
const şifre = '{p1}';

const baglanti = mysql.createConnection({{
  host: 'localhost',
  user: kullanici,
  password: şifre,
  database: 'stok'
}});
""", [p1])

    p1 = local(TR)
    add("notlar/sunucu-bilgileri.txt", "txt-sifre-prose-tr", f"""Sunucu: 185.22.14.9
Kullanıcı adı: root
Şifre: {p1}
""", [p1])

    p1 = pw()
    add("eshop/nastaveni.php", "php-heslo-cz", f"""<?php
$db_server = "localhost";
$db_uzivatel = "eshop";
$db_heslo = "{p1}";
""", [p1])

    # ================================================================ Russian / Ukrainian
    p1 = local(RU)
    add("docs/dostup.md", "md-parol-prose-ru", f"""# Доступ к тестовому серверу

Логин: deploy
Пароль: {p1}
""", [p1])

    p1 = pw()
    add("bot/nastroiki.py", "python-parol-translit", f"""# Настройки подключения к базе
DB_LOGIN = "bot"
DB_PAROL = "{p1}"
""", [p1])

    k1, p1 = alnum(32), pw()
    add("infra/ключи.txt", "txt-klyuch-ru", f"""API ключ платёжного шлюза: {k1}
Пароль от админки: {p1}
""", [k1, p1])

    p1 = pw()
    add("docs/dostup-ua.md", "md-parol-prose-ua", f"""Сервер бази даних
Користувач: app
Пароль: {p1}
""", [p1])

    # ================================================================ Chinese
    p1, p2 = pw(), local(["woaini", "xiaomi", "tiantian", "qwer", "zhongguo"])
    add("README.md", "md-mima-zh", f"""# 后台管理系统

## 部署说明

1. 导入 `sql/init.sql`
2. 修改 `application.yml` 中的数据库配置

## 测试账号

- 管理员账号：admin
- 密码：{p1}

服务器 SSH：root / {p2}
""", [p1, p2])

    p1 = pw()
    add("docs/服务器信息.txt", "txt-mima-fullwidth", f"""服务器地址：47.98.12.33
用户名：root
密码：{p1}
""", [p1])

    k1, s1 = "LTAI" + alnum(20), alnum(30)
    add("docs/oss配置说明.md", "md-aliyun-zh", f"""## 阿里云 OSS 配置

- AccessKey ID：{k1}
- AccessKey Secret：{s1}
- Bucket：shop-images
""", [k1, s1])

    p1 = pw()
    add("src/main/java/com/shop/util/MailUtil.java", "java-mima-pinyin", f"""package com.shop.util;

public class MailUtil {{
    // 发件人邮箱
    private static final String FROM = "service@shopmall.cn";
    // 邮箱授权码
    private static final String MIMA = "{p1}";
}}
""", [p1])

    k1 = g.hex(32)
    add("config/wechat.yml", "yaml-miyao-zh", f"""wechat:
  appid: wx{g.hex(16)}
  # 公众号密钥
  密钥: {k1}
""", [k1])

    p1 = pw()
    add("docs/数据库.md", "md-mima-sentence-zh", f"""生产库连接方式：`mysql -h 10.0.8.3 -u report`，密码是 {p1}，只读账号。
""", [p1])

    # ================================================================ Japanese / Korean
    p1 = pw()
    add("docs/環境構築.md", "md-pasuwado-ja", f"""# 検証環境

| 項目 | 値 |
|---|---|
| ユーザー名 | admin |
| パスワード | {p1} |
""", [p1])

    p1 = pw()
    add("メモ/サーバー.txt", "txt-pasuwado-prose-ja", f"""本番DBのパスワードは「{p1}」です。取り扱い注意。
""", [p1])

    k1 = alnum(40)
    add("docs/api設定.md", "md-access-key-ja", f"""## 外部API
シークレットキー：{k1}
""", [k1])

    p1 = pw()
    add("docs/접속정보.md", "md-bimilbeonho-ko", f"""# 개발 서버 접속 정보

- 아이디: dev
- 비밀번호: {p1}
""", [p1])

    # ================================================================ Vietnamese / Indonesian / Swedish / Arabic
    p1 = pw()
    add("ghichu/may-chu.txt", "txt-mat-khau-vi", f"""Máy chủ: 103.48.12.7
Tài khoản: quantri
Mật khẩu: {p1}
""", [p1])

    p1 = pw()
    add("aplikasi/koneksi.php", "php-katasandi-id", f"""<?php
$host = "localhost";
$pengguna = "aplikasi";
$katasandi = "{p1}";
$database = "toko";
$koneksi = mysqli_connect($host, $pengguna, $katasandi, $database);
""", [p1])

    p1 = pw()
    add("dokumentation/inloggning.md", "md-losenord-sv", f"""## Testmiljö
Användarnamn: testare
Lösenord: {p1}
""", [p1])

    p1 = pw()
    add("docs/الدخول.md", "md-arabic-password", f"""بيانات الدخول للوحة التحكم
اسم المستخدم: admin
كلمة المرور: {p1}
""", [p1])

    # ================================================================ negatives
    add("neg/b24/loja/conexao.php", "neg-php-senha-env", """<?php
$servidor = getenv('DB_HOST');
$usuario  = getenv('DB_USUARIO');
$senha    = getenv('DB_SENHA');
$banco    = "loja_virtual";
$conn = mysqli_connect($servidor, $usuario, $senha, $banco);
""", negative=True)

    add("neg/b24/tienda/.env.example", "neg-dotenv-placeholders-es", """DB_USUARIO=tu_usuario
DB_CONTRASENA=tu_contraseña
CLAVE_API=tu_clave_api_aqui
""", negative=True)

    add("neg/b24/src/main/resources/messages_pt_BR.properties", "neg-i18n-pt", """login.usuario=Usuário
login.senha=Senha
login.senha.invalida=Senha inválida
login.esqueci=Esqueci minha senha
cadastro.confirmar_senha=Confirme a senha
""", negative=True)

    add("neg/b24/locales/zh-CN.json", "neg-i18n-zh", json.dumps({
        "login": {"username": "用户名", "password": "密码", "passwordPlaceholder": "请输入密码",
                  "passwordError": "密码错误", "forgot": "忘记密码？"},
    }, ensure_ascii=False, indent=2) + "\n", negative=True)

    add("neg/b24/locales/de.yml", "neg-i18n-de", """de:
  anmeldung:
    benutzername: Benutzername
    passwort: Passwort
    passwort_vergessen: Passwort vergessen?
    kennwort_falsch: Das Kennwort ist falsch
""", negative=True)

    add("neg/b24/locales/fr.json", "neg-i18n-fr", json.dumps({
        "connexion": {"mot_de_passe": "Mot de passe", "mdp_oublie": "Mot de passe oublié ?",
                      "erreur_mdp": "Mot de passe incorrect"},
    }, ensure_ascii=False, indent=2) + "\n", negative=True)

    add("neg/b24/docs/instalacao.md", "neg-md-placeholder-pt", """## Instalação

Copie `.env.example` para `.env` e preencha:

- Usuário: seu_usuario
- Senha: sua_senha_aqui
""", negative=True)

    add("neg/b24/README.md", "neg-md-zh-placeholder", """## 配置

- 管理员账号：admin
- 密码：请在首次登录后修改（初始密码见部署文档）
- 密钥：在 `.env` 中设置 `APP_SECRET`
""", negative=True)

    add("neg/b24/docs/Zugangsdaten.md", "neg-md-de-vault", """# Zugangsdaten

Benutzername: admin
Passwort: siehe Passwort-Tresor (KeePass, Eintrag "Router")
""", negative=True)

    add("neg/b24/sklep/config/baza.php", "neg-php-haslo-env", """<?php
define('DB_HASLO', getenv('DB_HASLO'));
define('DB_SERWER', 'localhost');
""", negative=True)

    add("neg/b24/docs/접속정보.md", "neg-md-ko-placeholder", """- 아이디: 본인 사번
- 비밀번호: 사내 SSO 비밀번호와 동일
""", negative=True)

    add("neg/b24/src/validacao.js", "neg-js-contrasena-validation", """export function validar(usuario) {
  if (usuario.contraseña.length < 8) {
    return 'La contraseña debe tener al menos 8 caracteres';
  }
  if (usuario.contrasena !== usuario.confirmarContrasena) {
    return 'Las contraseñas no coinciden';
  }
  return null;
}
""", negative=True)
