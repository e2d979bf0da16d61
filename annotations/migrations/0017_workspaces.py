"""Desks (workspaces) and their members: everything that exists moves into a first
desk, and the role groups become memberships of it (docs/DESKS.md).

Frozen: the names below are copied here, not imported, so the migration does the
same thing whatever the live code becomes.
"""

import os

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FIRST_SLUG = "desk"
FALLBACK_NAME = "Newsroom"
NAME_MAX = 100
# The groups that carried the roles before desks, and the role each becomes.
GROUP_ROLES = (("reviewers", "reviewer"), ("editors", "editor"))
RANK = {"reviewer": 1, "editor": 2}


def into_first_desk(apps, schema_editor):
    Workspace = apps.get_model("annotations", "Workspace")
    Membership = apps.get_model("annotations", "Membership")
    Article = apps.get_model("annotations", "Article")
    Group = apps.get_model("auth", "Group")
    name = (
        os.environ.get("FACTCHECK_ORGANISATION_NAME", "").strip() or FALLBACK_NAME
    )[:NAME_MAX]
    desk, _ = Workspace.objects.get_or_create(slug=FIRST_SLUG, defaults={"name": name})
    Article.objects.filter(workspace__isnull=True).update(workspace=desk)
    # Someone in both groups keeps the higher role.
    roles = {}
    for group_name, role in GROUP_ROLES:
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for user_id in group.user_set.values_list("pk", flat=True):
            if RANK[role] > RANK.get(roles.get(user_id), 0):
                roles[user_id] = role
    Membership.objects.bulk_create(
        [
            Membership(workspace=desk, user_id=user_id, role=role)
            for user_id, role in roles.items()
        ],
        ignore_conflicts=True,
    )
    if schema_editor.connection.vendor == "postgresql":
        # The article rows' new foreign keys are checked at commit by default, and
        # PostgreSQL refuses to alter a table with checks pending: run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def back_to_groups(apps, schema_editor):
    """Going back, the first desk's members return to the groups (the others' desks
    have no place to go)."""
    Workspace = apps.get_model("annotations", "Workspace")
    Group = apps.get_model("auth", "Group")
    desk = Workspace.objects.filter(slug=FIRST_SLUG).first()
    if desk is None:
        return
    for group_name, role in GROUP_ROLES:
        group, _ = Group.objects.get_or_create(name=group_name)
        members = desk.memberships.filter(role__in=[role, "admin"])
        group.user_set.add(*members.values_list("user_id", flat=True))


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0016_user_preference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Workspace',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('slug', models.SlugField(unique=True)),
                ('settings', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['name', 'id'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='workspace',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='annotations.workspace'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='workspace',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='annotations.workspace'),
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('reviewer', 'Reviewer'), ('editor', 'Editor'), ('admin', 'Desk admin')], max_length=16)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='annotations.workspace')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('workspace', 'user'), name='membership_once_per_desk')],
            },
        ),
        migrations.RunPython(into_first_desk, back_to_groups),
        migrations.AlterField(
            model_name='article',
            name='workspace',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='annotations.workspace'),
        ),
    ]
