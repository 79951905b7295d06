"""Words of the hosted forms, in Spanish and English. Questions, options and help come from the catalogue."""
from ..i18n import lang_of

TEXTS = {
    "brand": ("Integra · Pacto Mundial México", "Integra · UN Global Compact Mexico"),
    "other_lang": ("English", "Español"),
    "skip": ("Saltar al contenido", "Skip to content"),
    "index_title": ("Integridad empresarial: compromiso y autoevaluación",
                    "Business integrity: pledge and self-assessment"),
    "index_intro": ("Acción colectiva por la integridad en el sector privado de México, de la Red del Pacto Mundial en "
                    "México con UNODC. Elija un formulario:",
                    "Collective action for integrity in Mexico's private sector, by the UN Global Compact Network "
                    "Mexico with UNODC. Choose a form:"),
    "pledge_title": ("Compromiso de integridad de la dirección general", "CEO integrity pledge"),
    "pledge_intro": ("La persona titular de la dirección general firma un compromiso público contra la corrupción. "
                     "Toma unos 5 minutos.",
                     "The company's CEO signs a public commitment against corruption. It takes about 5 minutes."),
    "assessment_title": ("Autoevaluación de integridad", "Integrity self-assessment"),
    "assessment_intro": ("{questions} preguntas sobre el programa anticorrupción de su empresa, en {pages} secciones: "
                         "unos 25 minutos. Sus respuestas se guardan en este navegador; con «Guardar y continuar "
                         "después», desde cualquier sección, le enviamos un enlace para seguir donde se quedó.",
                         "{questions} questions on your company's anti-corruption programme, in {pages} sections: "
                         "about 25 minutes. Your answers are kept in this browser; with \"Save and continue later\", "
                         "from any section, we e-mail you a link to carry on where you stopped."),
    "confirm_title": ("Confirmar", "Confirm"),
    "confirm_what_address": ("esta dirección de correo", "this e-mail address"),
    "confirm_intro": ("Al confirmar, {what} queda a nombre de la empresa.",
                      "Once you confirm, {what} is recorded for the company."),
    "confirm_about": ("Empresa: {company} (RFC {rfc}).", "Company: {company} (RFC {rfc})."),
    "confirm_button": ("Confirmar", "Confirm"),
    "confirm_hint": ("Si usted no lo solicitó, cierre esta página: sin su confirmación no se registra nada.",
                     "If you did not ask for this, close this page: nothing is recorded without your confirmation."),
    "confirm_invalid": ("Este enlace no es válido o ya venció. Si lo necesita, envíe el formulario de nuevo.",
                        "This link is not valid or has expired. If you need it, send the form again."),
    "confirm_already": ("Esto ya estaba confirmado. No hace falta hacer nada más: los siguientes pasos llegan por "
                        "correo.", "This was already confirmed. There is nothing more to do: the next steps come by "
                        "e-mail."),
    "confirmed_title": ("Confirmado", "Confirmed"),
    "confirmed_pledge": ("Gracias: el compromiso quedó registrado a nombre de la empresa.",
                         "Thank you: the pledge is now recorded for the company."),
    "confirmed_assessment": ("Gracias: la autoevaluación quedó guardada en el historial de la empresa. En unos minutos "
                             "llegará por correo la tarjeta de resultados en Excel.",
                             "Thank you: the self-assessment is saved in the company's history. The Excel scorecard "
                             "will arrive by e-mail in a few minutes."),
    "confirmed_address": ("Gracias: esta dirección ya puede recibir la información de la empresa.",
                          "Thank you: this address can now receive the company's information."),
    "pending_assessment": ("Revise su correo: enviamos un enlace para confirmar a {email} (o a la dirección ya "
                           "verificada de la empresa). Al confirmar, la autoevaluación se guarda en el historial de la "
                           "empresa y llega la tarjeta de resultados en Excel. El enlace vence en 14 días; si no lo "
                           "ve, "
                           "revise el correo no deseado.",
                           "Check your e-mail: we sent a link to confirm to {email} (or to the company's verified "
                           "address). Once confirmed, the self-assessment is saved in the company's history and the "
                           "Excel scorecard arrives. The link expires in 14 days; if you do not see it, check your "
                           "spam folder."),
    "pending_pledge_title": ("Gracias: falta un paso", "Thank you: one step left"),
    "pending_pledge": ("Enviamos un enlace para confirmar a {email} (o a la dirección ya verificada de la empresa). "
                       "El compromiso se registra al confirmar. El enlace vence en 14 días; si no lo ve, revise el "
                       "correo no deseado.",
                       "We sent a link to confirm to {email} (or to the company's verified address). The pledge is "
                       "recorded once confirmed. The link expires in 14 days; if you do not see it, check your spam "
                       "folder."),
    "confirmed_next_pledge": ("Siguiente paso: la autoevaluación, dentro de los próximos 90 días. Este enlace la abre "
                              "con los datos de la empresa y cuenta de inmediato, sin otro correo de confirmación.",
                              "Next step: the self-assessment, within the next 90 days. This link opens it with the "
                              "company's details, and it counts at once, with no further confirmation e-mail."),
    "confirmed_next_assessed": ("Su empresa ya hizo la autoevaluación de este año: en su página están el resultado, "
                                "la tarjeta y el plan de acción.",
                                "Your company has already taken this year's self-assessment: its result, scorecard and "
                                "action plan are on its page."),
    "confirmed_next_assessment": ("Puede ver el historial y las tarjetas de la empresa en su página.",
                                  "You can see the company's history and scorecards on its page."),
    "company_page_link": ("Ver la página de la empresa", "See the company's page"),
    "registry_title": ("Registro público de empresas firmantes", "Public registry of signatory companies"),
    "registry_intro": ("Empresas que firmaron el compromiso y aceptaron aparecer aquí, con su avance en el ciclo "
                       "{year}.",
                       "Companies that signed the pledge and agreed to be listed here, with their progress in the "
                       "{year} cycle."),
    "registry_note": ("Empresas firmantes: {n}. No mostramos puntajes ni datos personales.",
                      "Signatories: {n}. We never show scores or personal data."),
    "registry_empty": ("Aún no hay empresas en el registro.", "No companies are listed yet."),
    "col_company": ("Empresa", "Company"),
    "col_sector": ("Sector", "Sector"),
    "col_size": ("Tamaño", "Size"),
    "col_pledged": ("Firmó", "Pledged"),
    "col_pledge": ("Compromiso", "Pledge"),
    "col_assessment": ("Autoevaluación del ciclo", "This cycle's self-assessment"),
    "col_trainings": ("Capacitaciones del año", "Trainings this year"),
    "col_activities": ("Actividades del año", "Activities this year"),
    "size_micro": ("Micro", "Micro"), "size_pequena": ("Pequeña", "Small"),
    "size_mediana": ("Mediana", "Medium"), "size_grande": ("Grande", "Large"),
    "pledge_active": ("Vigente", "Active"), "pledge_lapsed": ("Vencido: sin renovar", "Lapsed: not renewed"),
    "pledge_none": ("Sin firmar", "Not signed"),
    "sign_pledge": ("Firmar (o renovar) el compromiso de la dirección", "Sign (or renew) the CEO pledge"),
    "assess_yes": ("Hecha", "Done"), "assess_due": ("Pendiente", "Due"), "assess_overdue": ("Atrasada", "Overdue"),
    "contact_saved": ("Guardamos los nuevos datos de contacto.", "The new contact details are saved."),
    "contact_saved_title": ("Contacto actualizado", "Contact updated"),
    "contact_saved_revoked": ("Guardamos los nuevos datos de contacto. Por seguridad, los enlaces anteriores de la "
                              "empresa (este incluido) dejaron de funcionar y avisamos a las direcciones verificadas. "
                              "Si la dirección es nueva, le enviamos un enlace para confirmarla; después puede pedir "
                              "un "
                              "enlace nuevo a su página.",
                              "The new contact details are saved. For safety, the company's earlier links (this one "
                              "too) no longer work, and we told its verified addresses. If the address is new, we sent "
                              "it a link to confirm it; then you can ask for a new link to your page."),
    "update_contact": ("Guardar datos de contacto", "Save contact details"),
    "history": ("Sus autoevaluaciones", "Your self-assessments"),
    "col_year": ("Año", "Year"), "col_change": ("Cambio", "Change"), "col_scorecard": ("Tarjeta", "Scorecard"),
    "col_version": ("Cuestionario", "Questionnaire"),
    "versions_differ": ("Entre años con distinta versión del cuestionario, el puntaje general no se compara: la hoja "
                        "«Progreso» de su tarjeta compara las preguntas equivalentes.",
                        "Between years on different questionnaire versions the overall score is not compared: the "
                        "\"Progress\" sheet of your scorecard compares the equivalent questions."),
    "download": ("Descargar (Excel)", "Download (Excel)"),
    "no_assessments": ("Aún no hay autoevaluaciones.", "No self-assessments yet."),
    "pledge_status": ("Compromiso: {status}.", "Pledge: {status}."),
    "assessment_status": ("Autoevaluación de este ciclo: {status}.", "This cycle's self-assessment: {status}."),
    "embed_title": ("Insertar en su sitio", "Embed on your site"),
    "result_size": ("Tamaño con que se compara: {size}", "Size it is compared at: {size}"),
    "link_dead_title": ("Este enlace ya no funciona", "This link no longer works"),
    "link_title": ("Reciba el enlace a la página de su empresa", "Get the link to your company's page"),
    "link_offer": ("¿Su empresa ya participó? Reciba el enlace a su historial",
                   "Has your company taken part already? Get the link to its history"),
    "link_intro": ("Si su empresa ya firmó el compromiso o hizo la autoevaluación, le enviamos un enlace a su página: "
                   "su historial, sus tarjetas de resultados y la autoevaluación de este año. Escriba el RFC de la "
                   "empresa y el correo de quien firmó o respondió (uno ya confirmado).",
                   "If your company has signed the pledge or done the self-assessment, we send you a link to its "
                   "page: its history, its scorecards and this year's self-assessment. Type the company's RFC and "
                   "the e-mail address of whoever signed or answered (one already confirmed)."),
    "link_button": ("Enviarme el enlace", "Send me the link"),
    "embed_intro": ("Copie uno de estos fragmentos en su página. El formulario ajusta su altura solo; el enlace abre "
                    "la versión de página completa.",
                    "Paste one of these snippets into your page. The form adjusts its own height; the link opens the "
                    "full-page version."),
    "embed_example": ("Ejemplo en vivo", "Live example"),
    "sec_company": ("Su empresa", "Your company"),
    "sec_contact": ("Persona de contacto", "Contact person"),
    "sec_profile": ("Perfil de riesgo", "Risk profile"),
    "profile_intro": ("Ocho preguntas rápidas sobre cómo opera su empresa. Sirven para saber qué preguntas no le "
                      "aplican y para comparar empresas con riesgos parecidos; no suman ni restan puntos.",
                      "Eight quick questions on how your company operates. They tell us which questions do not apply "
                      "to you and let us compare companies with similar risks; they add or take away no points."),
    "yes": ("Sí", "Yes"),
    "no": ("No", "No"),
    "na_reason": ("¿Por qué no aplica? Una línea; hace falta si su perfil no lo explica",
                  "Why does it not apply? One line; needed unless your profile explains it"),
    "na_reason_always": ("¿Por qué no aplica? Una línea (hace falta con «No aplica»)",
                         "Why does it not apply? One line (needed with \"Not applicable\")"),
    "sec_barriers": ("Obstáculos (opcional, no cuenta en el puntaje)", "Obstacles (optional, not scored)"),
    "sec_send": ("Revisión y envío", "Review and send"),
    "sec_signatory": ("Quién firma", "Who signs"),
    "sec_commitments": ("Compromisos", "Commitments"),
    "commitments_hint": ("Marque cada compromiso: todos son necesarios.", "Tick each commitment: all are required."),
    "company.name": ("Razón social", "Company name"),
    "company.rfc": ("RFC de la empresa", "Company RFC (tax id)"),
    "company.rfc_hint": ("12 caracteres (persona moral) o 13 (persona física), por ejemplo MAB9307148T4.",
                         "12 characters (company) or 13 (individual), for example MAB9307148T4."),
    "company.state": ("Entidad federativa", "State"),
    "company.sector": ("Sector de actividad (SCIAN)", "Sector (SCIAN)"),
    "company.employees": ("Número de personas que trabajan en la empresa", "Number of people working in the company"),
    "company.employees_hint": ("Incluya a los dueños que trabajan en ella.", "Include the owners who work in it."),
    "company.annual_sales_mxn": ("Ventas anuales (pesos)", "Annual sales (Mexican pesos)"),
    "company.annual_sales_mxn_hint": ("En pesos, por ejemplo 28,500,000 o 28.5 millones; sirve para calcular el "
                                      "tamaño. Si prefiere no darlo, elija abajo un rango.",
                                      "In pesos, for example 28,500,000 or 28.5 million; used to work out your size. "
                                      "If you prefer not to give it, choose a range below."),
    "company.annual_sales_band": ("O bien, ventas anuales por rango", "Or annual sales as a range"),
    "sales_band_0-4": ("Hasta 4 millones de pesos", "Up to 4 million pesos"),
    "sales_band_4-100": ("De 4 a 100 millones de pesos", "4 to 100 million pesos"),
    "sales_band_100-250": ("De 100 a 250 millones de pesos", "100 to 250 million pesos"),
    "sales_band_250+": ("Más de 250 millones de pesos", "More than 250 million pesos"),
    "choose": ("Elija una opción", "Choose one"),
    "name": ("Nombre completo", "Full name"),
    "email": ("Correo electrónico", "Email address"),
    "email_hint": ("Ahí enviaremos la tarjeta de resultados en Excel.", "We will send the Excel scorecard there."),
    "position": ("Cargo", "Job title"),
    "optional": ("(opcional)", "(optional)"),
    "section_of": ("Sección {n} de {m}", "Section {n} of {m}"),
    "scale_title": ("Qué significa cada nivel", "What each level means"),
    "to_check_title": ("Por verificar", "To check"),
    "to_check_intro": ("Respondió «No sé» en estas preguntas; cuentan como 0 hasta saberlo. Averigüe la respuesta "
                       "de cada una con quien la conozca y vuelva a hacer la autoevaluación con la respuesta.",
                       "You answered \"Don't know\" to these questions; they count as 0 until you know. Find out what "
                       "each one says and take the self-assessment again with the answer."),
    "points_gain": ("+{n} puntos a su puntaje general", "+{n} points to your overall score"),
    "section_missing": ("{section}: {n} preguntas sin responder", "{section}: {n} questions unanswered"),
    "section_named": ("«{title}»", "“{title}”"),
    "back": ("Atrás", "Back"),
    "next": ("Continuar", "Continue"),
    "send_assessment": ("Enviar autoevaluación", "Send self-assessment"),
    "send_pledge": ("Firmar el compromiso", "Sign the pledge"),
    "sending": ("Enviando…", "Sending…"),
    "save_later": ("Guardar y continuar después", "Save and continue later"),
    "save_hint": ("Le enviaremos por correo un enlace para continuar en cualquier dispositivo (vale {days} días).",
                  "We will email you a link to continue on any device (valid for {days} days)."),
    "saved_title": ("Guardamos su avance", "Your progress is saved"),
    "saved_body": ("Enviamos un enlace a {email}. Ábralo para continuar donde se quedó; vale {days} días.",
                   "We sent a link to {email}. Open it to carry on where you left off; it is valid for {days} days."),
    "saved_company_link": ("El enlace guardado no lleva el de la empresa: enviada desde él, la autoevaluación se "
                           "confirma por correo. Para que cuente de inmediato, ábrala de nuevo desde la página de la "
                           "empresa.",
                           "The saved link does not carry the company's: sent from it, the self-assessment is "
                           "confirmed by e-mail. For it to count at once, open it again from the company's page."),
    "draft_loaded": ("Recuperamos las respuestas que guardó.", "We restored the answers you saved."),
    "draft_invalid": ("El enlace para continuar no es válido o ya expiró. Puede empezar de nuevo.",
                      "The link to continue is not valid or has expired. You can start again."),
    "review_missing": ("Preguntas sin responder:", "Unanswered questions:"),
    "review_ok": ("Respondió todas las preguntas.", "You have answered every question."),
    "error_title": ("Hay un problema", "There is a problem"),
    "error_prefix": ("Error:", "Error:"),
    "too_fast": ("Revise sus respuestas y vuelva a enviar el formulario.",
                 "Please check your answers and send the form again."),
    "network": ("No hay conexión. Reintentamos con el mismo envío; no se contará dos veces.",
                "No connection. We are retrying the same submission; it will not be counted twice."),
    "network_failed": ("No pudimos enviar el formulario. Sus respuestas siguen guardadas; intente de nuevo.",
                       "We could not send the form. Your answers are still saved; please try again."),
    "honeypot": ("Deje este campo vacío", "Leave this field empty"),
    "privacy_title": ("Aviso de privacidad simplificado", "Simplified privacy notice"),
    "privacy_body": ("La Red del Pacto Mundial en México es responsable de los datos que nos da. Finalidades "
                     "necesarias: registrar {what}, calcular resultados, enviarle su tarjeta de resultados y elaborar "
                     "estadísticas agregadas y anónimas. Lo que se publica nunca muestra un grupo de menos de 10 "
                     "empresas; la comparación que ve cada empresa reúne al menos 5 empresas comparables, sin "
                     "incluirla. Las cifras se publican en cortes periódicos, y las de un grupo solo se actualizan "
                     "cuando al menos 5 empresas se suman o actualizan su autoevaluación.",
                     "The UN Global Compact Network Mexico is responsible for the data you give us. Necessary "
                     "purposes: recording {what}, working out results, sending you your scorecard and producing "
                     "aggregated, anonymous statistics. What is published never shows a group of fewer than 10 "
                     "companies; the comparison each company sees covers at least 5 comparable companies, itself "
                     "excluded. Figures are published in periodic snapshots, and a group's figures are updated only "
                     "once at least 5 companies join it or update their self-assessment."),
    "privacy_what_pledge": ("su compromiso", "your pledge"),
    "privacy_what_assessment": ("su autoevaluación", "your self-assessment"),
    "privacy_voluntary": ("Finalidad voluntaria, solo si la marca abajo: mostrar el nombre de la empresa en el "
                          "registro público de firmantes.",
                          "Voluntary purpose, only if you tick it below: showing the company's name in the public "
                          "registry of signatories."),
    "privacy_rights": ("Puede ejercer sus derechos ARCO escribiendo a {email}.",
                       "You may exercise your data rights by writing to {email}."),
    "privacy_full": ("Aviso de privacidad integral", "Full privacy notice"),
    "consent": ("Leí el aviso de privacidad y acepto el tratamiento para las finalidades necesarias.",
                "I have read the privacy notice and accept the processing for the necessary purposes."),
    "public_listing": ("Sí, muestren el nombre de la empresa en el registro público de firmantes (voluntario).",
                       "Yes, show the company's name in the public registry of signatories (voluntary)."),
    # results
    "result_title": ("Su resultado", "Your result"),
    "result_overall": ("Puntaje general", "Overall score"),
    "result_of": ("de 100", "out of 100"),
    "result_band": ("Nivel", "Level"),
    "result_dims": ("Por dimensión, frente a empresas similares", "By dimension, against similar companies"),
    "col_dimension": ("Dimensión", "Dimension"),
    "col_you": ("Su empresa", "Your company"),
    "col_peers": ("Pares (media)", "Peers (mean)"),
    "peers_of": ("Pares: {label}, {n} empresas.", "Peers: {label}, {n} companies."),
    "peer_mean": ("Promedio de pares: {mean} de 100.", "Peer average: {mean} out of 100."),
    "peer_percentile": ("Percentil entre pares: {p}.", "Percentile among peers: {p}."),
    "peers_pending": ("La comparación con empresas pares aparece cuando se confirme este envío por correo.",
                      "The comparison with peer companies appears once this submission is confirmed by e-mail."),
    "peers_hidden": ("Aún no mostramos la comparación: hay menos de {n} empresas comparables y protegemos su "
                     "confidencialidad.",
                     "We do not show the comparison yet: there are fewer than {n} comparable companies and we protect "
                     "their confidentiality."),
    "insufficient": ("Sin datos suficientes", "Not enough answers"),
    "hidden_cell": ("oculto", "hidden"),
    "result_art25": ("Elementos mínimos del art. 25 de la LGRA: {met} de {of}",
                     "LGRA Art. 25 minimum elements: {met} of {of}"),
    "result_art25_implemented": ("Elementos mínimos del art. 25 de la LGRA implementados: {met} de {of}",
                                 "LGRA Art. 25 minimum elements implemented: {met} of {of}"),
    "met": ("cumple", "met"),
    "not_met": ("no cumple", "not met"),
    "documented": ("documentado", "documented"),
    "implemented": ("implementado", "implemented"),
    "result_gaps": ("Plan para los próximos 90 días", "Plan for the next 90 days"),
    "result_gaps_intro": ("Las cinco acciones que más le conviene hacer primero. El plan completo, con todas las "
                          "preguntas por dimensión, está en su tarjeta de Excel.",
                          "The five actions worth doing first. The full plan, every question by dimension, is in "
                          "your Excel scorecard."),
    "band_next": ("Para llegar a «{next}» ({min} puntos) le {gap}.", "To reach “{next}” ({min} points) you need {gap} "
                  "more."),
    "band_top": ("Es el nivel más alto: manténgalo midiendo y mejorando cada año.",
                 "It is the highest band: keep it by measuring and improving every year."),
    "gap_one": ("falta 1 punto", "1 point"),
    "gap_many": ("faltan {n} puntos", "{n} points"),
    "result_sent_to": ("Su tarjeta de resultados en Excel va en camino a {to}: incluye el plan completo, gráficas y su "
                       "avance año con año.",
                       "Your Excel scorecard is on its way to {to}: it has the full plan, charts and your progress "
                       "year over year."),
    "print": ("Imprimir", "Print"),
    "no_gaps": ("No encontramos brechas: mantenga y mida su programa.",
                "We found no gaps: keep measuring your programme."),
    "result_mail": ("Su tarjeta de resultados en Excel va en camino a su correo: incluye gráficas, todas las brechas y "
                    "un plan de acción.",
                    "Your Excel scorecard is on its way to your inbox: it has charts, every gap and an action plan."),
    "result_missing": ("El enlace no es válido o ya expiró.", "The link is not valid or has expired."),
    "pledge_done": ("Gracias: su compromiso quedó registrado", "Thank you: your pledge is recorded"),
    "pledge_done_body": ("Firmó el {signed}. Renueve su compromiso antes del {renew}. El siguiente paso es la "
                         "autoevaluación.",
                         "Signed on {signed}. Renew your pledge before {renew}. The next step is the self-assessment."),
    "pledge_done_mail_link": ("El correo «Su compromiso de integridad quedó registrado» trae el enlace a la "
                              "autoevaluación con los datos de la empresa ya puestos; este botón abre el formulario "
                              "en blanco.",
                              "The e-mail saying your integrity pledge is recorded has the link to the "
                              "self-assessment with the company's details already in; this button opens the blank "
                              "form."),
    "plan_total": ("Estos cinco pasos suman, juntos, unos +{n} puntos a su puntaje.",
                   "Together these five steps add about +{n} points to your overall score."),
    "pledge_meanwhile": ("Mientras tanto puede empezar la autoevaluación: ya lleva los datos de la empresa y de quien "
                         "firmó. Se guarda en este navegador y puede enviarla cuando quiera.",
                         "Meanwhile you can start the self-assessment: it already has the company's and the "
                         "signatory's details. It is kept in this browser and you can send it whenever you like."),
    "start_assessment": ("Hacer la autoevaluación", "Take the self-assessment"),
    "home": ("Inicio", "Home"),
}


def text(key: str, lang: str, **params) -> str:
    """A form word; words the e-mails share (what a confirmation is for) come from the messages."""
    if key not in TEXTS:
        from ..i18n import MESSAGES, message
        if key not in MESSAGES:
            raise KeyError(key)  # a typo fails loudly, never shows some other message
        return message(key, lang, **params)
    value = TEXTS[key][0 if lang_of(lang) == "es" else 1]
    return value.format(**params) if params else value
