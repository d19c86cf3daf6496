from django.apps import AppConfig


class VillagesConfig(AppConfig):
    name = "dangjian.villages"
    label = "villages"
    verbose_name = "村级治理"
    demo_builder = "dangjian.villages.demo.build"
    reminders = "dangjian.villages.reminders.reminders"
