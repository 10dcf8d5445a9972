"""logpipe: the analytics job for every hour of the lake, once the sink has marked that hour complete.

Hourly, with catch-up: the run of the data interval [HH:00, HH+1:00) waits (WebHDFS) for the sink's
<lake>/curated/dt=YYYY-MM-DD/hour=HH/_SUCCESS, then spark-submits BatchAnalytics for that hour:

    spark-submit --class io.logpipe.analytics.BatchAnalytics <jar> --lake <uri> --hour YYYY-MM-DDTHH --complete-only

Hours are those of the lake's zone, UTC (the sink's default --zone), which is also the timetable's zone.
Settings (environment of the Airflow container): LOGPIPE_LAKE, LOGPIPE_ANALYTICS_JAR, LOGPIPE_DAG_START;
the connection webhdfs_default names the NameNode's HTTP address (docker-compose.yml sets both).
"""

import os
import shlex
from datetime import timedelta
from urllib.parse import urlparse

import pendulum
from airflow.providers.apache.hdfs.sensors.web_hdfs import WebHdfsSensor
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable

DAG_ID = "logpipe_hourly_analytics"
MAIN_CLASS = "io.logpipe.analytics.BatchAnalytics"
LAKE = os.environ.get("LOGPIPE_LAKE", "hdfs://namenode:8020/datalake/logs")
ANALYTICS_JAR = os.environ.get("LOGPIPE_ANALYTICS_JAR", "/opt/logpipe/logpipe-analytics.jar")
START = pendulum.parse(os.environ.get("LOGPIPE_DAG_START", "2026-12-01T00:00:00+00:00"))
LAKE_ZONE = "UTC"

# The lake's hour partition of the run's data interval. Airflow keeps data_interval_start in UTC,
# the lake's zone.
DAY = "{{ data_interval_start.strftime('%Y-%m-%d') }}"
HOUR = "{{ data_interval_start.strftime('%H') }}"
LAKE_HOUR = "{{ data_interval_start.strftime('%Y-%m-%dT%H') }}"

# WebHDFS wants the path alone; the NameNode's address comes from the connection.
SUCCESS_MARKER = f"{urlparse(LAKE).path.rstrip('/')}/curated/dt={DAY}/hour={HOUR}/_SUCCESS"
SPARK_SUBMIT = (
    f"spark-submit --class {MAIN_CLASS} {shlex.quote(ANALYTICS_JAR)}"
    f" --lake {shlex.quote(LAKE)} --hour {LAKE_HOUR} --complete-only"
)

with DAG(
    dag_id=DAG_ID,
    description="Recompute one lake hour's analytics once the sink has marked it complete",
    # A data-interval timetable, not a cron trigger: the run at 11:00 covers hour 10, which
    # is only then complete (Airflow 3 turns a plain "@hourly" into zero-length intervals).
    schedule=CronDataIntervalTimetable("0 * * * *", timezone=LAKE_ZONE),
    start_date=START,
    catchup=True,
    max_active_runs=4,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["logpipe"],
) as dag:
    wait_for_hour = WebHdfsSensor(
        task_id="wait_for_hour",
        filepath=SUCCESS_MARKER,
        webhdfs_conn_id="webhdfs_default",
        # An hour with no events never gets a marker: after the timeout its run is skipped,
        # not failed. Rescheduling frees the worker slot between pokes.
        mode="reschedule",
        poke_interval=60,
        timeout=6 * 3600,
        soft_fail=True,
    )
    spark_submit = BashOperator(task_id="spark_submit", bash_command=SPARK_SUBMIT)

    wait_for_hour >> spark_submit
