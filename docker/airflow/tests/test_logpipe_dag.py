"""The logpipe DAG as Airflow itself loads it (run by docker/airflow/check-dag, in a venv with the pinned Airflow).

Asserts: no import errors, the hourly data-interval schedule with catch-up, the task order, and the sensor
path and spark-submit command rendered for one hour.
"""

import os
import unittest
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:  # where DagBag lives moved across Airflow 3 releases
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag
from airflow.timetables.base import TimeRestriction
from airflow.timetables.interval import CronDataIntervalTimetable

DAGS = Path(__file__).resolve().parent.parent / "dags"
HOUR_10 = datetime(2026, 12, 24, 10, tzinfo=timezone.utc)


class LogpipeDagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for name in ("LOGPIPE_LAKE", "LOGPIPE_ANALYTICS_JAR", "LOGPIPE_DAG_START"):
            os.environ.pop(name, None)  # the defaults, which docker-compose.yml also sets
        cls.bag = DagBag(dag_folder=str(DAGS), include_examples=False)
        cls.dag = cls.bag.get_dag("logpipe_hourly_analytics")

    def test_imports_without_errors(self):
        self.assertEqual({}, self.bag.import_errors)
        self.assertIsNotNone(self.dag)

    def test_hourly_data_intervals_with_catch_up(self):
        self.assertTrue(self.dag.catchup)
        self.assertIsInstance(self.dag.timetable, CronDataIntervalTimetable)
        start = datetime(2026, 12, 1, tzinfo=timezone.utc)
        first = self.dag.timetable.next_dagrun_info(
            last_automated_data_interval=None,
            restriction=TimeRestriction(earliest=start, latest=None, catchup=True),
        )
        # The first run covers hour 00 of the start day and runs when that hour is over.
        self.assertEqual(start, first.data_interval.start)
        self.assertEqual(start + timedelta(hours=1), first.data_interval.end)
        self.assertEqual(start + timedelta(hours=1), first.run_after)
        second = self.dag.timetable.next_dagrun_info(
            last_automated_data_interval=first.data_interval,
            restriction=TimeRestriction(earliest=start, latest=None, catchup=True),
        )
        self.assertEqual(start + timedelta(hours=1), second.data_interval.start)

    def test_the_job_runs_after_the_sensor(self):
        self.assertEqual({"wait_for_hour", "spark_submit"}, set(self.dag.task_ids))
        self.assertEqual({"wait_for_hour"}, self.dag.get_task("spark_submit").upstream_task_ids)
        self.assertEqual(set(), self.dag.get_task("wait_for_hour").upstream_task_ids)

    def test_sensor_waits_for_that_hours_success_marker(self):
        sensor = self.dag.get_task("wait_for_hour")
        self.assertEqual("webhdfs_default", sensor.webhdfs_conn_id)
        self.assertEqual(
            "/datalake/logs/curated/dt=2026-12-24/hour=10/_SUCCESS",
            sensor.render_template(sensor.filepath, self.context()),
        )

    def test_spark_submit_command_for_that_hour(self):
        task = self.dag.get_task("spark_submit")
        self.assertEqual(
            "spark-submit --class io.logpipe.analytics.BatchAnalytics /opt/logpipe/logpipe-analytics.jar"
            " --lake hdfs://namenode:8020/datalake/logs --hour 2026-12-24T10 --complete-only",
            task.render_template(task.bash_command, self.context()),
        )

    @staticmethod
    def context():
        import pendulum

        start = pendulum.instance(HOUR_10)
        return {"data_interval_start": start, "data_interval_end": start.add(hours=1)}


if __name__ == "__main__":
    unittest.main(verbosity=2)
