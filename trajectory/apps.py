from django.apps import AppConfig


class TrajectoryConfig(AppConfig):
    name = "trajectory"
