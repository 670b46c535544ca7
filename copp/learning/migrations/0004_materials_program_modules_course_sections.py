# Materials attach to modules of a program (the constructor) and to sections of a group's course space (M25).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0003_materials'),
        ('programs', '0005_module_needs'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='materialuse',
            name='learning_material_use_one_place',
        ),
        migrations.RemoveConstraint(
            model_name='materialuse',
            name='learning_material_module_once',
        ),
        migrations.AddField(
            model_name='materialuse',
            name='course_section',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='material_uses', to='learning.coursesection', verbose_name='course section'),
        ),
        migrations.AddField(
            model_name='materialuse',
            name='program_module',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='material_uses', to='programs.programmodule', verbose_name='program module'),
        ),
        migrations.AddConstraint(
            model_name='materialuse',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('course_section__isnull', True), ('lesson__isnull', True), ('library_module__isnull', False), ('program_module__isnull', True)), models.Q(('course_section__isnull', True), ('lesson__isnull', True), ('library_module__isnull', True), ('program_module__isnull', False)), models.Q(('course_section__isnull', True), ('lesson__isnull', False), ('library_module__isnull', True), ('program_module__isnull', True)), models.Q(('course_section__isnull', False), ('lesson__isnull', True), ('library_module__isnull', True), ('program_module__isnull', True)), _connector='OR'), name='learning_material_use_one_place'),
        ),
        migrations.AddConstraint(
            model_name='materialuse',
            constraint=models.UniqueConstraint(condition=models.Q(('library_module__isnull', False)), fields=('material', 'library_module'), name='learning_material_library_module_once'),
        ),
        migrations.AddConstraint(
            model_name='materialuse',
            constraint=models.UniqueConstraint(condition=models.Q(('program_module__isnull', False)), fields=('material', 'program_module'), name='learning_material_program_module_once'),
        ),
        migrations.AddConstraint(
            model_name='materialuse',
            constraint=models.UniqueConstraint(condition=models.Q(('course_section__isnull', False)), fields=('material', 'course_section'), name='learning_material_course_section_once'),
        ),
    ]
