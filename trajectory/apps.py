from django.apps import AppConfig


class TrajectoryConfig(AppConfig):
    name = "trajectory"

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("trajectory_id", "trajectory.Trajectory", "team__organisation")
        register_url_kwarg("step_id", "trajectory.TrajectoryStep", "trajectory__team__organisation")
        register_url_kwarg("figure_id", "trajectory.SketchFigure", "trajectory__team__organisation")
        register_url_kwarg("advice_id", "trajectory.Advice", "trajectory__team__organisation")
        register_url_kwarg("action_id", "trajectory.Action", "trajectory__team__organisation")
        register_url_kwarg("reference_id", "trajectory.ReferencePoint", "organisation")
