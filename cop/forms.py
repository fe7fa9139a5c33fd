"""How every form of the site is laid out: one field template, one form template.

`FORM_RENDERER` points here, so `{{ form }}` and `{{ form.<name>.as_field_group }}`
render with `partials/_form.html` and `partials/_field.html` in every app
(allauth's pages and the admin keep their own layouts).
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "partials/_form.html"
    field_template_name = "partials/_field.html"
