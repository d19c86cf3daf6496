from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangjian.members"
    label = "members"
    verbose_name = "党员队伍"
    demo_builder = "dangjian.members.demo.build"
    reminders = "dangjian.members.reminders.reminders"
