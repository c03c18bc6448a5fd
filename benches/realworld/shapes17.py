"""Seventeenth batch of the real-world set: research computing, science data portals and GIS.

Written blind (committed before any scanner ran on it) from how researchers' repositories hold
credentials: R's `.Renviron` and REDCap/Qualtrics/Census calls, Python clients of data
repositories (PyCap, Biopython Entrez, Zenodo and figshare uploads, Dataverse, CKAN, Synapse
`.synapseConfig`), climate and earth-observation portals (Copernicus `.cdsapirc`, ECMWF
`.ecmwfapirc`, Earth Engine credentials, Sentinel Hub, Planet, NOAA, OpenWeatherMap query
strings), GIS (QGIS project datasources, `.pg_service.conf`, GDAL `PG:` strings in `ogr2ogr`,
the ArcGIS Python API and API keys), HPC and workflow tools (Slurm `slurmdbd.conf`, iRODS
sessions, Globus confidential clients, Nextflow `nextflow.config` with a Seqera token), statistics
packages (SAS `libname`, Julia LibPQ) and an Overleaf git remote. Negatives are the same files with
the secret in the environment, an auth manager, a macro variable or a documented placeholder, and
data-file checksums.
"""

import base64
import json
import string

from shapes import B64URL, without


def build_seventeenth(g, add):
    r = g.r

    def q(p):
        return without(p, '\'"\\`$<>&#%; ')

    def pw():
        return q(g.password())

    plain = g.url_password

    uuid = g.uuid4

    upper_hex = g.upper_hex

    # ================================================================ R and survey platforms
    t1, t2, k1 = g.gh_token(), upper_hex(32), g.hex(40)
    add("home/lab/.Renviron", "renviron", f"""R_LIBS_USER=~/R/library
GITHUB_PAT={t1}
REDCAP_API_TOKEN={t2}
CENSUS_API_KEY={k1}
""", [t1, t2, k1])

    t1 = upper_hex(32)
    add("analysis/01_import_redcap.R", "redcapr-read", f"""library(REDCapR)
library(dplyr)

uri <- "https://redcap.med-univ-lab.org/api/"
token <- "{t1}"

ds <- REDCapR::redcap_read(redcap_uri = uri, token = token)$data
visits <- ds %>% filter(redcap_event_name == "baseline_arm_1")
""", [t1])

    t1 = upper_hex(32)
    add("pipelines/export_project.py", "pycap-project", f"""from redcap import Project

api_url = "https://redcap.med-univ-lab.org/api/"
project = Project(api_url, "{t1}")

records = project.export_records(format_type="df")
records.to_csv("data/raw/redcap_export.csv")
""", [t1])

    k1 = g.alnum(40)
    add("survey/R/setup_qualtrics.R", "qualtrics-credentials", f"""library(qualtRics)

qualtrics_api_credentials(api_key = "{k1}",
                          base_url = "univlab.eu.qualtrics.com",
                          install = FALSE)

surveys <- all_surveys()
""", [k1])

    k1 = g.hex(40)
    add("census/acs_pull.R", "tidycensus-key", f"""library(tidycensus)
census_api_key("{k1}", install = TRUE, overwrite = TRUE)

acs <- get_acs(geography = "tract", variables = c(medinc = "B19013_001"),
               state = "MN", year = 2022)
""", [k1])

    # ================================================================ data repositories
    k1 = g.hex(36)
    add("bioinfo/fetch_sequences.py", "entrez-api-key", f"""from Bio import Entrez, SeqIO

Entrez.email = "genomics-lab@univ-lab.org"
Entrez.api_key = "{k1}"

handle = Entrez.efetch(db="nucleotide", id="NC_045512.2", rettype="gb", retmode="text")
record = SeqIO.read(handle, "genbank")
""", [k1])

    t1 = g.alnum(60)
    add("release/upload_zenodo.py", "zenodo-token", f"""import requests

ACCESS_TOKEN = '{t1}'
params = {{'access_token': ACCESS_TOKEN}}
r = requests.post('https://zenodo.org/api/deposit/depositions', params=params, json={{}})
bucket_url = r.json()["links"]["bucket"]
with open("dist/dataset-v2.tar.gz", "rb") as fp:
    requests.put(f"{{bucket_url}}/dataset-v2.tar.gz", data=fp, params=params)
""", [t1])

    t1 = g.hex(128)
    add("release/figshare_upload.py", "figshare-token", f"""import json
import requests

BASE_URL = 'https://api.figshare.com/v2/{{endpoint}}'
TOKEN = '{t1}'
HEADERS = {{'Authorization': 'token ' + TOKEN}}


def create_article(title):
    data = {{'title': title, 'defined_type': 'dataset'}}
    r = requests.post(BASE_URL.format(endpoint='account/articles'), headers=HEADERS, data=json.dumps(data))
    r.raise_for_status()
    return r.json()
""", [t1])

    k1 = uuid()
    add("scripts/publish_dataverse.sh", "dataverse-api-key", f"""#!/bin/bash
SERVER_URL=https://dataverse.univ-lab.org
PERSISTENT_ID=doi:10.70122/FK2/TQ4ZPN

curl -H "X-Dataverse-key:{k1}" -X POST \\
  "$SERVER_URL/api/datasets/:persistentId/actions/:publish?persistentId=$PERSISTENT_ID&type=major"
""", [k1])

    t1 = g.jwt_like()
    add("etl/push_to_ckan.py", "ckan-api-token", f"""from ckanapi import RemoteCKAN

ua = 'opendata-etl/1.4 (+https://city-lab.org)'
ckan = RemoteCKAN('https://data.city-lab.org', apikey='{t1}', user_agent=ua)
ckan.action.resource_patch(id='b7e4a0c2-parking', url='https://files.city-lab.org/parking.csv')
""", [t1])

    t1 = g.jwt_like()
    add("home/lab/.synapseConfig", "synapse-config", f"""###########################
# Login Credentials       #
###########################

[authentication]
username = jkowal
authtoken = {t1}

[cache]
location = ~/.synapseCache
""", [t1])

    # ================================================================ climate and earth observation
    k1 = str(r.randint(100000, 399999)) + ":" + uuid()
    add("home/lab/.cdsapirc", "cdsapirc", f"""url: https://cds.climate.copernicus.eu/api/v2
key: {k1}
""", [k1])

    k1 = g.hex(32)
    add("home/lab/.ecmwfapirc", "ecmwfapirc", json.dumps({
        "url": "https://api.ecmwf.int/v1", "key": k1, "email": "j.kowal@univ-lab.org"}, indent=4) + "\n", [k1])

    t1 = "1//0" + g.chars(B64URL, 99)
    add("home/lab/.config/earthengine/credentials", "earthengine-credentials", json.dumps({
        "redirect_uri": "http://localhost:8085", "refresh_token": t1,
        "scopes": ["https://www.googleapis.com/auth/earthengine",
                   "https://www.googleapis.com/auth/cloud-platform"],
        "project": "ee-jkowal"}) + "\n", [t1])

    c1, s1 = uuid(), g.alnum(40)
    add("eo/sentinelhub_setup.py", "sentinelhub-config", f"""from sentinelhub import SHConfig

config = SHConfig()
config.sh_client_id = '{c1}'
config.sh_client_secret = '{s1}'
config.save("lab-profile")
""", [s1])

    k1 = g.hex(32)
    add("eo/planet_order.py", "planet-api-key", f"""import os
import requests
from requests.auth import HTTPBasicAuth

PLANET_API_KEY = '{k1}'
auth = HTTPBasicAuth(PLANET_API_KEY, '')
res = requests.get('https://api.planet.com/data/v1/item-types', auth=auth)
print(res.status_code)
""", [k1])

    t1 = g.chars(string.ascii_letters, 32)
    add("climate/noaa_cdo.py", "noaa-cdo-token", f"""import requests

url = "https://www.ncei.noaa.gov/cdo-web/api/v2/data"
headers = {{"token": "{t1}"}}
params = {{"datasetid": "GHCND", "stationid": "GHCND:USW00014922", "startdate": "2023-01-01",
          "enddate": "2023-12-31", "limit": 1000}}
resp = requests.get(url, headers=headers, params=params)
""", [t1])

    k1 = g.hex(32)
    add("notebooks/weather_features.md", "openweather-url", f"""## Weather features

Pulled hourly from OpenWeatherMap while the sensors were down:

    https://api.openweathermap.org/data/2.5/weather?lat=44.98&lon=-93.26&units=metric&appid={k1}

Remaining gaps are interpolated (see `features/interp.py`).
""", [k1])

    # ================================================================ GIS
    p1 = plain()
    add("maps/parcels.qgs", "qgis-project-datasource", f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="Parcels" version="3.34.4-Prizren">
  <projectlayers>
    <maplayer type="vector" geometry="Polygon" autoRefreshMode="Disabled">
      <id>parcels_5b1f0c9e_7d2a_4c3e_9a61_0f8b2e4d7c13</id>
      <datasource>dbname='gis' host=10.20.0.15 port=5432 user='gis_editor' password='{p1}' sslmode=disable key='gid' srid=25833 type=MultiPolygon checkPrimaryKeyUnicity='1' table="public"."parcels" (geom)</datasource>
      <layername>parcels</layername>
      <provider encoding="">postgres</provider>
    </maplayer>
  </projectlayers>
</qgis>
""", [p1])

    p1 = pw()
    add("home/lab/.pg_service.conf", "pg-service-conf", f"""[gisdb]
host=10.20.0.15
port=5432
dbname=gis
user=gis_editor
password={p1}
sslmode=require
""", [p1])

    p1 = plain()
    add("maps/load_osm.sh", "ogr2ogr-pg-string", f"""#!/bin/sh
set -e
ogr2ogr -f PostgreSQL PG:"host=10.20.0.15 dbname=gis user=loader password={p1}" \\
  data/osm/roads.gpkg -nln osm.roads -overwrite -lco GEOMETRY_NAME=geom
""", [p1])

    p1 = pw()
    add("maps/arcgis_sync.py", "arcgis-gis-login", f"""from arcgis.gis import GIS

gis = GIS("https://univlab.maps.arcgis.com", "gis_admin_univ", "{p1}")
layer = gis.content.get("3f2b9c0e7a1d4e58b6c4d2a9f0e1b7c3")
print(layer.title)
""", [p1])

    k1 = "AAPK" + g.hex(32) + g.chars(B64URL, 72)
    add("web/map/src/main.js", "arcgis-api-key", f"""import esriConfig from "@arcgis/core/config.js";
import Map from "@arcgis/core/Map.js";
import MapView from "@arcgis/core/views/MapView.js";

esriConfig.apiKey = "{k1}";

const map = new Map({{ basemap: "arcgis/topographic" }});
const view = new MapView({{ map, center: [-93.26, 44.98], zoom: 11, container: "viewDiv" }});
""", [k1])

    # ================================================================ HPC and workflows
    p1 = pw()
    add("cluster/etc/slurm/slurmdbd.conf", "slurmdbd-conf", f"""AuthType=auth/munge
DbdHost=slurmdb01
DebugLevel=info
LogFile=/var/log/slurm/slurmdbd.log
PidFile=/run/slurmdbd.pid
SlurmUser=slurm
StorageHost=localhost
StoragePort=3306
StorageType=accounting_storage/mysql
StorageUser=slurm
StoragePass={p1}
StorageLoc=slurm_acct_db
""", [p1])

    p1 = pw()
    add("cluster/tools/irods_sync.py", "irods-session", f"""from irods.session import iRODSSession

with iRODSSession(host='irods.univ-lab.org', port=1247, user='pipeline',
                  password='{p1}', zone='labZone') as session:
    coll = session.collections.get('/labZone/home/pipeline/runs')
    for obj in coll.data_objects:
        print(obj.name)
""", [p1])

    c1, s1 = uuid(), base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode()
    add("cluster/tools/globus_transfer.py", "globus-confidential-client", f"""import globus_sdk

CLIENT_ID = "{c1}"
confidential_client = globus_sdk.ConfidentialAppAuthClient(CLIENT_ID, "{s1}")
scopes = "urn:globus:auth:scope:transfer.api.globus.org:all"
cc_authorizer = globus_sdk.ClientCredentialsAuthorizer(confidential_client, scopes)
tc = globus_sdk.TransferClient(authorizer=cc_authorizer)
""", [s1])

    a1, s1 = g.aws_key_id(), g.aws_secret()
    t1 = base64.b64encode(json.dumps({"tid": r.randint(100, 9999)}).encode()).decode().rstrip("=") + "." + g.hex(40)
    add("workflows/rnaseq/nextflow.config", "nextflow-config", f"""params {{
    outdir = 's3://univ-lab-rnaseq/results'
}}

aws {{
    region = 'eu-central-1'
    accessKey = '{a1}'
    secretKey = '{s1}'
}}

tower {{
    enabled = true
    accessToken = '{t1}'
    workspaceId = '{r.randint(10**13, 10**14)}'
}}
""", [a1, s1, t1])

    # ================================================================ statistics packages, papers
    p1 = pw()
    add("sas/macros/connect.sas", "sas-libname", f"""/* Warehouse connection for the quarterly reports */
libname dwh odbc dsn="DWH_PROD" user=sas_reader password="{p1}" schema=reporting;

proc sql;
  create table work.claims as select * from dwh.claims where year = 2024;
quit;
""", [p1])

    p1 = plain()
    add("analysis/load_panel.jl", "julia-libpq", f"""using LibPQ, DataFrames

conn = LibPQ.Connection("host=pg.univ-lab.org port=5432 dbname=panel user=analyst password={p1}")
df = DataFrame(execute(conn, "SELECT * FROM waves WHERE wave >= 3"))
close(conn)
""", [p1])

    t1 = "olp_" + g.alnum(36)
    add("paper/sync-overleaf.sh", "overleaf-git-remote", f"""#!/bin/sh
# Push the LaTeX sources to the Overleaf project (git bridge)
set -e
git remote add overleaf https://git:{t1}@git.overleaf.com/65f1c0a9e3b2d4f7a8c91e02 2>/dev/null || true
git push overleaf HEAD:master
""", [t1])

    # ================================================================ negatives
    add("neg/home/lab/.Renviron", "neg-renviron-placeholders", """R_LIBS_USER=~/R/library
GITHUB_PAT=<your GitHub PAT>
REDCAP_API_TOKEN=
CENSUS_API_KEY=YOUR_CENSUS_API_KEY
""", negative=True)

    add("neg/maps/parcels.qgs", "neg-qgis-authcfg", """<qgis projectname="Parcels" version="3.34.4-Prizren">
  <projectlayers>
    <maplayer type="vector" geometry="Polygon">
      <datasource>dbname='gis' host=10.20.0.15 port=5432 authcfg=x7k2p9q sslmode=disable key='gid' srid=25833 type=MultiPolygon table="public"."parcels" (geom)</datasource>
      <provider encoding="">postgres</provider>
    </maplayer>
  </projectlayers>
</qgis>
""", negative=True)

    add("neg/home/lab/.pg_service.conf", "neg-pg-service-no-password", """[gisdb]
host=10.20.0.15
port=5432
dbname=gis
user=gis_editor
sslmode=require
""", negative=True)

    add("neg/docs/cds-setup.md", "neg-cdsapirc-doc", """Create `~/.cdsapirc` with your UID and key from the CDS profile page:

    url: https://cds.climate.copernicus.eu/api/v2
    key: <UID>:<API key>
""", negative=True)

    add("neg/maps/arcgis_sync.py", "neg-arcgis-profile", """from arcgis.gis import GIS

gis = GIS(profile="univlab_admin")
layer = gis.content.get("3f2b9c0e7a1d4e58b6c4d2a9f0e1b7c3")
""", negative=True)

    add("neg/bioinfo/fetch_sequences.py", "neg-entrez-env", """import os
from Bio import Entrez

Entrez.email = os.environ["NCBI_EMAIL"]
Entrez.api_key = os.environ.get("NCBI_API_KEY")
""", negative=True)

    add("neg/workflows/nextflow.config", "neg-nextflow-secrets", """aws {
    region = 'eu-central-1'
}

tower {
    enabled = true
    accessToken = secrets.TOWER_ACCESS_TOKEN
    workspaceId = "$TOWER_WORKSPACE_ID"
}
""", negative=True)

    add("neg/cluster/etc/slurm/slurmdbd.conf", "neg-slurmdbd-commented", """AuthType=auth/munge
DbdHost=slurmdb01
StorageType=accounting_storage/mysql
StorageUser=slurm
#StoragePass=
StorageLoc=slurm_acct_db
""", negative=True)

    add("neg/sas/macros/connect.sas", "neg-sas-macro-password", """%let dbuser = %sysget(DWH_USER);
libname dwh odbc dsn="DWH_PROD" user=&dbuser password="&dbpass" schema=reporting;
libname dw2 odbc dsn="DWH_PROD" authdomain="DWHAuth" schema=reporting;
""", negative=True)

    files = [{"name": "dataset-v2.tar.gz", "computed_md5": g.hex(32), "size": r.randint(10**6, 10**9)},
             {"name": "README.md", "computed_md5": g.hex(32), "size": r.randint(10**3, 10**5)}]
    add("neg/release/figshare_files.json", "neg-figshare-checksums", json.dumps(
        {"id": r.randint(10**7, 10**8), "files": files, "doi": "10.6084/m9.figshare.%d" % r.randint(10**7, 10**8)},
        indent=2) + "\n", negative=True)
