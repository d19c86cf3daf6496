from django.apps import AppConfig


class OrglifeConfig(AppConfig):
    name = "dangjian.orglife"
    label = "orglife"
    verbose_name = "组织生活"
    demo_builder = "dangjian.orglife.demo.build"
    reminders = "dangjian.orglife.reminders.reminders"
