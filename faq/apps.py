from django.apps import AppConfig
from django.db.models import signals
from django.utils.translation import gettext_lazy as _


def remember_if_site_wide(sender, instance, **kwargs):
    # A site-wide FAQ moved into an article leaves the site-wide ones: that is a change too.
    instance._was_site_wide = bool(instance.pk) and sender.objects.filter(pk=instance.pk, article__isnull=True).exists()


def site_faqs_changed(sender, instance, **kwargs):
    """Site-wide FAQs are live when saved; an article's FAQs wait for the article's next publish."""
    from backhealth import cache
    from faq.models import SITE_FAQS

    if instance.article_id is None or getattr(instance, "_was_site_wide", False):
        cache.invalidate(SITE_FAQS)


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Frequently asked questions")

    def ready(self):
        faq = self.get_model("FAQ")
        signals.pre_save.connect(remember_if_site_wide, sender=faq, dispatch_uid="faq-site-wide-saving")
        signals.post_save.connect(site_faqs_changed, sender=faq, dispatch_uid="faq-site-wide-saved")
        signals.post_delete.connect(site_faqs_changed, sender=faq, dispatch_uid="faq-site-wide-deleted")
