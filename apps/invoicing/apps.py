from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "apps.invoicing"
    label = "invoicing"
    verbose_name = "Invoices and credit notes"
