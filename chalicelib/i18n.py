"""User-facing messages in Spanish (default) and English. Keys are stable error codes."""
import os

LANGS = ("es", "en")
DEFAULT = "es"

MESSAGES = {
    # request level
    "malformed_json": ("El cuerpo de la solicitud no es JSON válido.", "The request body is not valid JSON."),
    "body_not_object": ("El cuerpo de la solicitud debe ser un objeto JSON.",
                        "The request body must be a JSON object."),
    "payload_too_large": ("La solicitud es demasiado grande (máximo {limit} bytes).",
                          "The request is too large (at most {limit} bytes)."),
    "validation_error": ("Revise los datos marcados: hay {count} error(es).",
                         "Please check the fields listed: there are {count} error(s)."),
    "submission_conflict": ("Este submission_id ya se usó con otros datos. Genere un identificador nuevo para un envío "
                            "distinto.",
                            "This submission_id was already used with different data. Use a new identifier for a "
                            "different submission."),
    "busy": ("Hay otro envío de esta empresa en curso. Intente de nuevo en unos segundos.",
             "Another submission for this company is in progress. Please try again in a few seconds."),
    "not_found": ("No se encontró el recurso solicitado.", "The requested resource was not found."),
    "unavailable": ("El servicio no está disponible por un momento. Reintente con el mismo submission_id; no se "
                    "contará dos veces.",
                    "The service is briefly unavailable. Retry with the same submission_id; it will not be counted "
                    "twice."),
    "direct_access": ("Use la dirección pública del servicio.", "Use the service's public address."),
    "unsupported_media_type": ("Tipo de contenido (Content-Type) no admitido en esta ruta; vea /openapi.json.",
                               "Content type not supported on this path; see /openapi.json."),
    "accept_required": ("Para descargar el archivo, acepte su tipo (encabezado Accept, por ejemplo */*).",
                        "To download the file, accept its type (an Accept header such as */*)."),
    "method_not_allowed": ("Método no permitido en esta ruta; vea el encabezado Allow.",
                           "Method not allowed on this path; see the Allow header."),
    "request_unprocessable": ("No pudimos procesar esta solicitud tal como llegó. Revise los datos e intente de nuevo.",
                              "We could not process this request as it came. Please check the data and try again."),
    "unavailable_page": ("El servicio no está disponible por un momento. Vuelva a intentarlo en unos minutos; si ya "
                         "había enviado el formulario, no se contará dos veces.",
                         "The service is not available for a moment. Please try again in a few minutes; if you had "
                         "already sent the form, it will not be counted twice."),
    "internal": ("Ocurrió un error inesperado. Intente más tarde.",
                 "An unexpected error occurred. Please try again later."),
    "bad_query": ("Revise los parámetros de la consulta.", "Please check the query parameters."),
    # field level (pydantic types and our own)
    "missing": ("Este dato es obligatorio.", "This field is required."),
    "extra_forbidden": ("Este campo no se reconoce.", "This field is not recognised."),
    "string_type": ("Debe ser texto.", "Must be text."),
    "int_type": ("Debe ser un número entero.", "Must be a whole number."),
    "float_type": ("Debe ser un número.", "Must be a number."),
    "bool_type": ("Debe ser verdadero o falso.", "Must be true or false."),
    "dict_type": ("Debe ser un objeto.", "Must be an object."),
    "model_type": ("Debe ser un objeto.", "Must be an object."),
    "list_type": ("Debe ser una lista.", "Must be a list."),
    "literal_error": ("Valor no permitido; opciones: {expected}.", "Value not allowed; options: {expected}."),
    "enum": ("Valor no permitido; opciones: {expected}.", "Value not allowed; options: {expected}."),
    "string_too_short": ("Es demasiado corto (mínimo {min_length} caracteres).",
                         "Too short (at least {min_length} characters)."),
    "string_too_long": ("Es demasiado largo (máximo {max_length} caracteres).",
                        "Too long (at most {max_length} characters)."),
    "string_pattern_mismatch": ("El formato no es válido.", "The format is not valid."),
    "greater_than_equal": ("Debe ser mayor o igual a {ge}.", "Must be greater than or equal to {ge}."),
    "less_than_equal": ("Debe ser menor o igual a {le}.", "Must be less than or equal to {le}."),
    "finite_number": ("Debe ser un número finito.", "Must be a finite number."),
    "too_long": ("Tiene demasiados elementos.", "Has too many entries."),
    "value_error": ("El valor no es válido.", "The value is not valid."),
    "email_invalid": ("El correo electrónico no es válido.", "The email address is not valid."),
    "rfc_invalid": ("El RFC no es válido: revise las letras, la fecha (AAMMDD) y la homoclave.",
                    "The RFC is not valid: check the letters, the date (YYMMDD) and the homoclave."),
    "rfc_generic": ("No se acepta un RFC genérico (XAXX010101000, XEXX010101000); use el RFC de la empresa.",
                    "A generic RFC (XAXX010101000, XEXX010101000) is not accepted; use the company's own RFC."),
    "state_unknown": ("Entidad federativa desconocida: use la clave INEGI de dos dígitos (por ejemplo, \"14\").",
                      "Unknown state: use the two-digit INEGI code (for example \"14\")."),
    "sector_unknown": ("Sector SCIAN desconocido: use el sector de dos dígitos (\"54\", \"31-33\") o un código de "
                       "actividad de seis dígitos.",
                       "Unknown SCIAN sector: use the two-digit sector (\"54\", \"31-33\") or a six-digit activity "
                       "code."),
    "replaced_today_link": ("Esta empresa ya reemplazó hoy su autoevaluación de este año; se puede reemplazar una "
                            "vez al día. Estas respuestas siguen pendientes: abra este mismo enlace mañana (hora de "
                            "la Ciudad de México) para guardarlas.",
                            "This company has already replaced this year's self-assessment today; it can be "
                            "replaced once a day. These answers are still pending: open this same link tomorrow "
                            "(Mexico City time) to save them."),
    "snapshot_running": ("Ya se está publicando un corte de cifras; intente en unos minutos.",
                         "A snapshot is being published right now; try again in a few minutes."),
    "commitment_repeated": ("Este compromiso ya está en la lista.", "This commitment is already listed."),
    "roster_too_large": ("La lista es demasiado grande: hasta {mb} MB (un XLSX, hasta {unzipped} MB descomprimido).",
                         "The roster is too large: up to {mb} MB (an XLSX, up to {unzipped} MB unzipped)."),
    "roster_too_many_rows": ("La lista tiene demasiadas filas: hasta {rows} por envío; divídala en varias.",
                             "The roster has too many rows: up to {rows} per upload; split it into several."),
    "sales_fraction": ("Escriba las ventas anuales en pesos: 0 o una cifra de al menos 1.",
                       "Give annual sales in pesos: 0, or an amount of at least 1."),
    "text_invisible": ("Contiene caracteres invisibles o de control (a veces llegan al copiar y pegar). "
                       "Escríbalo de nuevo.",
                       "It contains invisible or control characters (copying and pasting sometimes brings them). "
                       "Please type it again."),
    "version_retired": ("Esta versión del cuestionario ya no recibe respuestas: vuelva a cargar el formulario, que usa "
                        "la versión {expected}.",
                        "This questionnaire version no longer takes answers: reload the form, which uses version "
                        "{expected}."),
    "version_unknown": ("Versión del cuestionario desconocida; versiones vigentes: {expected}.",
                        "Unknown questionnaire version; current versions: {expected}."),
    "answer_missing": ("Falta la respuesta de esta pregunta.", "This question has not been answered."),
    "answer_unknown_item": ("Esta pregunta no existe en la versión {version} del cuestionario.",
                            "This question does not exist in questionnaire version {version}."),
    "answer_out_of_range": ("Respuesta no válida: use un nivel de 0 a 4, \"na\" o \"unknown\".",
                            "Invalid answer: use a level from 0 to 4, \"na\" or \"unknown\"."),
    "answer_na_not_allowed": ("«No aplica» no es una respuesta posible en esta pregunta: toda empresa puede "
                              "necesitarlo. Elija el nivel que más se acerque, aunque sea 0.",
                              "\"Not applicable\" is not an answer to this question: any company may need it. "
                              "Choose the closest level, even 0."),
    "answer_na_reason": ("Diga en una línea por qué no aplica a su empresa, o elija un nivel.",
                         "Say in one line why it does not apply to your company, or choose a level."),
    "barrier_unknown": ("Esta pregunta no existe en el cuestionario.",
                        "This question does not exist in the questionnaire."),
    "barrier_option": ("Opción no válida; opciones: {expected}.", "Invalid option; options: {expected}."),
    "consent_required": ("Debe aceptar el aviso de privacidad para continuar.",
                         "You must accept the privacy notice to continue."),
    "commitments_incomplete": ("Debe aceptar todos los compromisos; faltan: {missing}.",
                               "All commitments must be accepted; missing: {missing}."),
    "commitment_unknown": ("Compromiso desconocido.", "Unknown commitment."),
    "year_invalid": ("Año no válido.", "Invalid year."),
    "month_invalid": ("Mes no válido: use AAAA-MM.", "Invalid month: use YYYY-MM."),
    "job_not_failed": ("Ese envío no está entre los fallidos.", "That mail is not among the failed ones."),
    "position_below": ("Su puntaje está por debajo del promedio de sus pares.",
                       "Your score is below your peers' average."),
    "position_close": ("Su puntaje está cerca del promedio de sus pares (a 5 puntos o menos).",
                       "Your score is close to your peers' average (within 5 points)."),
    "position_above": ("Su puntaje está por encima del promedio de sus pares.",
                       "Your score is above your peers' average."),
    "benchmark_one_dimension": ("Pida una sola dimensión: state, size o sector (o ninguna, para la cifra nacional). "
                                "Las combinaciones no se publican: permitirían despejar el puntaje de una empresa.",
                                "Ask for one dimension only: state, size or sector (or none, for the national figure). "
                                "Combinations are not published: they would let one company's score be worked out."),
    "size_unknown": ("Tamaño desconocido; opciones: {expected}.", "Unknown size; options: {expected}."),
    # response texts
    "gate_cap": ("Su nivel general no puede pasar de «{band}» mientras estas preguntas clave no estén al menos "
                 "documentadas: {items}.",
                 "Your overall level cannot go above '{band}' until these key questions are at least documented: "
                 "{items}."),
    "art25_note": ("Indicador orientativo de los elementos mínimos del art. 25 de la LGRA; no es asesoría legal ni una "
                   "certificación.",
                   "Indicative check of the LGRA Art. 25 minimum elements; not legal advice or a certification."),
    "forbidden": ("El enlace no es válido o ya expiró. Use el enlace más reciente de su correo.",
                  "The link is not valid or has expired. Use the latest link in your email."),
    # scorecard e-mail
    "mail_subject": ("Su tarjeta de resultados de integridad {year}: {company}",
                     "Your {year} integrity scorecard: {company}"),
    "mail_greeting": ("Hola, {name}:", "Hello {name},"),
    "mail_greeting_plain": ("Hola:", "Hello,"),
    # confirmation of a pending submission, address checks, change notices
    "confirm_subject": ("Confirme {what} en Integra", "Please confirm {what} in Integra"),
    "confirm_what_pledge": ("el compromiso de integridad", "the integrity pledge"),
    "confirm_what_assessment": ("la autoevaluación de integridad", "the integrity self-assessment"),
    "confirm_new": ("Recibimos {what} de la empresa {company} (RFC {rfc}) con esta dirección de correo.",
                    "We received {what} for the company {company} (RFC {rfc}) with this e-mail address."),
    "confirm_known": ("Recibimos {what} a nombre de {company} (RFC {rfc}). Le escribimos porque esta dirección "
                      "está verificada para la empresa, y sin su confirmación no se registra. Al confirmar: {changes}",
                      "We received {what} for {company} (RFC {rfc}). We write to you because this address is "
                      "verified for the company, and nothing is recorded without your confirmation. If you confirm: "
                      "{changes}"),
    "change_person": ("el contacto pasa a ser {name} <{email}>;", "the contact becomes {name} <{email}>;"),
    "change_name": ("el nombre de la empresa pasa a ser «{name}»;", "the company's name becomes \"{name}\";"),
    "change_listing_on": ("la empresa aparecerá en el registro público (la primera vez, cuando la Red lo apruebe);",
                          "the company will be listed in the public registry (the first time, once the Network "
                          "approves it);"),
    "change_listing_off": ("la empresa dejará de aparecer en el registro público;",
                           "the company will no longer be listed in the public registry;"),
    "change_details": ("el estado, el sector, el personal o las ventas de la empresa cambian a los enviados;",
                       "the company's state, sector, staff or sales change to those sent;"),
    "change_none": ("no cambia ningún otro dato de la empresa.", "nothing else about the company changes."),
    "change_replaces": ("esta autoevaluación sustituye a la de este año en el historial de la empresa;",
                        "this self-assessment replaces this year's one in the company's history;"),
    "change_assessment": ("esta autoevaluación se guarda como la de este año en el historial de la empresa;",
                          "this self-assessment is saved as this year's one in the company's history;"),
    "confirm_action": ("Para confirmar, abra este enlace (vence en {days} días) y pulse «Confirmar»:",
                       "To confirm, open this link (it expires in {days} days) and press \"Confirm\":"),
    "confirm_ignore": ("Si no lo reconoce, ignore este mensaje: sin confirmación no se registra nada.",
                       "If you do not recognise it, ignore this message: nothing is recorded without confirmation."),
    "verify_subject": ("Confirme su dirección de correo en Integra", "Please confirm your e-mail address in Integra"),
    "verify_body": ("Esta dirección se registró como contacto de la empresa {company} (RFC {rfc}). Confírmela para "
                    "recibir la información de la empresa:",
                    "This address was registered as a contact of the company {company} (RFC {rfc}). Confirm it to "
                    "receive the company's information:"),
    "notice_subject": ("Cambió un contacto de su empresa en Integra", "A contact of your company changed in Integra"),
    "notice_body": ("Los datos de contacto de {company} en Integra cambiaron. Contacto: {contact}; firmante: "
                    "{signatory}. Sus enlaces anteriores ya no funcionan. Si usted no hizo este cambio, escríbanos a "
                    "{contact_address}.",
                    "The contact details of {company} in Integra changed. Contact: {contact}; signatory: {signatory}. "
                    "Your earlier links no longer work. If you did not make this change, write to us at "
                    "{contact_address}."),
    "mail_intro": ("Gracias por completar la autoevaluación de integridad de {company}. Adjuntamos su tarjeta de "
                   "resultados en Excel: su puntaje, la comparación con empresas similares, las brechas y un plan de "
                   "acción.",
                   "Thank you for completing the integrity self-assessment for {company}. Your Excel scorecard is "
                   "attached: your score, how you compare with similar companies, your gaps and an action plan."),
    "mail_score": ("Puntaje general: {score} de 100 (nivel {band}). Elementos del art. 25 de la LGRA implementados: "
                   "{met} de {of}.",
                   "Overall score: {score} out of 100 ({band}). LGRA Art. 25 elements implemented: {met} of {of}."),
    "mail_link": ("También puede descargarla aquí hasta el {expires}:",
                  "You can also download it here until {expires}:"),
    "mail_next": ("Le recomendamos empezar por las primeras acciones de la hoja «Plan de acción» y repetir la "
                  "autoevaluación el próximo año para medir su avance.",
                  "We suggest starting with the first actions on the \"Action plan\" sheet and repeating the "
                  "self-assessment next year to measure your progress."),
    "pledged_subject": ("Su compromiso de integridad quedó registrado: {company}",
                        "Your integrity pledge is recorded: {company}"),
    "pledged_body": ("{company} firmó el compromiso de integridad el {signed}. Estos son los compromisos que asumió:",
                     "{company} signed the integrity pledge on {signed}. These are the commitments it made:"),
    "pledged_renew": ("El compromiso vale un año: renuévelo antes del {renew} (le recordaremos).",
                      "The pledge lasts a year: renew it before {renew} (we will remind you)."),
    "pledged_listed": ("La empresa aparece en el registro público de firmantes, sin puntajes ni datos personales.",
                       "The company appears in the public registry of signatories, with no scores or personal data."),
    "pledged_listing_review": ("La empresa aparecerá en el registro público de firmantes, sin puntajes ni datos "
                               "personales, en cuanto el equipo de la Red revise su primera inscripción (unos días "
                               "hábiles).",
                               "The company will appear in the public registry of signatories, with no scores or "
                               "personal data, once the Network's staff review its first listing (a few working "
                               "days)."),
    "pledged_unlisted": ("La empresa no aparece en el registro público de firmantes (lo eligió así al firmar).",
                         "The company does not appear in the public registry of signatories (as chosen when "
                         "signing)."),
    "pledged_next": ("Siguiente paso: la autoevaluación, unos 25 minutos, con los datos de la empresa ya escritos. "
                     "El enlace vale 30 días:",
                     "Next step: the self-assessment, about 25 minutes, with the company's details filled in. The "
                     "link works for 30 days:"),
    "mail_link_offer": ("¿Necesita volver a la página de su empresa? Pida el enlace aquí: {url}",
                        "Need your company's page again? Ask for the link here: {url}"),
    "mail_footer": ("Este es un mensaje de servicio de Integra, la herramienta de la Red del Pacto Mundial México, "
                    "UNODC e Iniciativa de Integridad Siemens. Sus datos se tratan conforme a nuestro aviso de "
                    "privacidad: {privacy}",
                    "This is a service message from Integra, the tool of the UN Global Compact Network Mexico, UNODC "
                    "and the Siemens Integrity Initiative. Your data are processed under our privacy notice: "
                    "{privacy}"),
    "mail_attachment": ("tarjeta-integridad-{year}.xlsx", "integrity-scorecard-{year}.xlsx"),
    "company_blocked": ("Los datos de esta empresa están bloqueados por una solicitud de cancelación; no se registran "
                        "nuevos envíos.",
                        "This company's data are blocked after a cancellation request; no new submissions are "
                        "recorded."),
    # accountability
    "unauthorized": ("Faltan las credenciales del personal (encabezado Authorization: Bearer <token> o x-api-key).",
                     "Staff credentials are missing (Authorization: Bearer <token> or x-api-key header)."),
    "staff_forbidden": ("Las credenciales del personal no son válidas.", "The staff credentials are not valid."),
    "figures_as_of": ("Cifras de pares publicadas el {date}; se actualizan cuando al menos 5 empresas del grupo "
                      "se suman o actualizan su autoevaluación.", "Peer figures published on {date}; they are "
                      "updated once at least 5 companies join the group or update their self-assessment."),
    "replaced_today": ("Esta empresa ya reemplazó hoy su autoevaluación de este año, y se puede reemplazar una vez "
                       "al día. Estas respuestas no se enviaron: guárdelas con «Guardar y continuar después» y "
                       "envíelas mañana (hora de la Ciudad de México).",
                       "This company has already replaced this year's self-assessment today, and it can be replaced "
                       "once a day. These answers were not sent: keep them with \"Save and continue later\" and "
                       "send them tomorrow (Mexico City time)."),
    "superseded": ("Después de estas respuestas, la empresa guardó una autoevaluación más reciente; estas ya no se "
                   "aplicarán. Si quiere cambiar algo, envíe el formulario de nuevo.",
                   "After these answers, the company saved a more recent self-assessment, so these will no longer "
                   "be applied. To change anything, send the form again."),
    "rate_limited": ("Demasiadas solicitudes. Espere {seconds} segundos e intente de nuevo.",
                     "Too many requests. Wait {seconds} seconds and try again."),
    "form_expired": ("Este formulario venció. Recargue la página para continuar; sus respuestas se conservan.",
                     "This form has expired. Reload the page to go on; your answers are kept."),
    "link_requested": ("Si el RFC y el correo coinciden con nuestros registros, enviaremos un enlace a ese correo en "
                       "unos minutos.",
                       "If the RFC and e-mail match our records, we will send a link to that address within a few "
                       "minutes."),
    "date_invalid": ("Fecha no válida: use AAAA-MM-DD, del año 2000 en adelante.",
                     "Invalid date: use YYYY-MM-DD, from the year 2000 on."),
    "activity_unknown": ("Actividad desconocida: regístrela primero.", "Unknown activity: record it first."),
    "company_unknown": ("No hay registros de esta empresa.", "There are no records of this company."),
    "not_deletable": ("Solo se eliminan empresas bloqueadas cuyo periodo de bloqueo ({days} días) ya terminó.",
                      "Only blocked companies whose blocking period ({days} days) is over can be deleted."),
    "already_blocked": ("La empresa ya está bloqueada.", "The company is already blocked."),
    "listing_not_in_review": ("Esa inscripción al registro ya no espera revisión (ya se decidió, o la empresa la "
                              "retiró).", "That listing no longer waits for review (it was decided, or the company "
                              "withdrew it)."),
    "signin_needed": ("Inicie sesión para ver esta página.", "Sign in to see this page."),
    "staff_session_expired": ("Su sesión terminó. Vuelva a iniciar sesión.", "Your session has ended. Sign in again."),
    "staff_session_forged": ("Esa sesión no es válida.", "That session is not valid."),
    "nothing_changed": ("No cambió nada: escriba solo lo que hay que corregir.",
                        "Nothing changed: type only what needs correcting."),
    "activity_exists": ("Ya hay una actividad con ese identificador: ábrala desde la lista, o use otro.",
                        "An activity with that identifier exists already: open it from the list, or use another."),
    "listing_name_changed": ("La empresa cambió su nombre mientras lo revisaba: vuelva a cargar la página.",
                             "The company changed its name while you were reviewing it: reload the page."),
    "dashboard_sync_failed": ("El tablero no se pudo actualizar: el detalle está en los registros (ver «Cuando algo "
                              "falla» en el README).", "The dashboard could not be synced: the details are in the "
                              "logs (see \"When something fails\" in the README)."),
    "confirm_missing": ("Marque la casilla de confirmación.", "Tick the confirmation box."),
    "csrf_refused": ("El formulario caducó o no vino de esta consola. Vuelva a cargar la página e inténtelo de nuevo.",
                     "The form has expired or did not come from this console. Reload the page and try again."),
    "staff_not_allowed": ("Esa cuenta no tiene acceso a la consola del personal.",
                          "That account has no access to the staff console."),
    "signin_failed": ("No se pudo iniciar sesión con Google. Inténtelo de nuevo.",
                      "Signing in with Google did not work. Try again."),
    "roster_empty": ("El archivo está vacío.", "The file is empty."),
    "roster_no_rfc_column": ("No encontramos una columna «RFC» en las primeras 10 filas.",
                             "No \"RFC\" column in the first 10 rows."),
    "roster_duplicate": ("RFC repetido en el archivo.", "RFC repeated in the file."),
    "roster_unreadable": ("No se pudo leer el archivo: use CSV (UTF-8) o XLSX.",
                          "The file could not be read: use CSV (UTF-8) or XLSX."),
    "topic_unknown": ("Dimensión desconocida; opciones: {expected}.", "Unknown dimension; options: {expected}."),
    "access_subject": ("Su enlace a Integra", "Your Integra link"),
    "access_body": ("Con este enlace puede ver su historial de autoevaluaciones, descargar sus tarjetas de resultados, "
                    "iniciar la autoevaluación de este año y actualizar sus datos de contacto. Vale {days} días:",
                    "With this link you can see your self-assessment history, download your scorecards, start this "
                    "year's self-assessment and update your contact details. It is valid for {days} days:"),
    "remind_first_subject": ("Su autoevaluación de integridad está pendiente: {company}",
                             "Your integrity self-assessment is due: {company}"),
    "remind_first_body": ("Su empresa firmó el compromiso de integridad, que incluye hacer la autoevaluación. Toma "
                          "unos 30 minutos; empiece aquí:",
                          "Your company signed the integrity pledge, which includes taking the self-assessment. It "
                          "takes about 30 minutes; start here:"),
    "remind_renewal_subject": ("Renueve su compromiso de integridad antes del {renew}",
                               "Renew your integrity pledge before {renew}"),
    "remind_renewal_body": ("El compromiso de {company} vence el {renew}. Renuévelo para seguir en el registro de "
                            "firmantes:",
                            "The pledge of {company} expires on {renew}. Renew it to stay in the signatory registry:"),
    "remind_reassess_subject": ("Es momento de su autoevaluación anual: {company}",
                                "Time for your annual self-assessment: {company}"),
    "remind_reassess_body": ("Ha pasado casi un año desde su última autoevaluación. Repítala para medir su avance; "
                             "empezará con los datos de su empresa:",
                             "It is almost a year since your last self-assessment. Take it again to measure your "
                             "progress; it starts with your company's details:"),
    "remind_footer": ("Recibe este mensaje porque su empresa firmó el compromiso de integridad de la Red del Pacto "
                      "Mundial México.",
                      "You receive this message because your company signed the UN Global Compact Network Mexico "
                      "integrity pledge."),
    # forms
    "too_fast": ("Revise sus respuestas un momento y envíe de nuevo.",
                 "Please take a moment to check your answers, then send again."),
    "honeypot_filled": ("Deje vacío el campo «website»: solo lo llenan los programas automáticos.",
                        "Leave the \"website\" field empty: only automated programs fill it in."),
    "form_unknown": ("Formulario desconocido.", "Unknown form."),
    "draft_email_needed": ("Escriba un correo electrónico válido para enviarle el enlace.",
                           "Enter a valid email address so we can send you the link."),
    "draft_mail_subject": ("Continúe su autoevaluación de integridad", "Continue your integrity self-assessment"),
    "draft_mail_body": ("Guardamos sus respuestas. Para continuar en cualquier dispositivo, abra este enlace (vale "
                        "hasta el {expires}):",
                        "We saved your answers. To continue on any device, open this link (valid until {expires}):"),
    "draft_mail_ignore": ("Si no pidió este enlace, ignore este mensaje.",
                          "If you did not ask for this link, ignore this message."),
    "answers_inconsistent": ("Marcó {item} como implementado, pero {requires} como no documentado: revise esas dos "
                             "respuestas.",
                             "You marked {item} as implemented but {requires} as not documented: please check those "
                             "two answers."),
    "sales_missing": ("Escriba las ventas anuales, o elija un rango si prefiere no dar la cifra.",
                      "Enter the annual sales, or choose a range if you prefer not to give the figure."),
    "sales_implausible": ("Las ventas anuales parecen bajas para el número de personas (menos de 50,000 pesos por "
                          "persona); se guardaron como las escribió. Si las escribió en millones sin decirlo (12 en "
                          "vez de 12,000,000), corríjalas: de ellas depende el tamaño con el que se compara a la "
                          "empresa.",
                          "Annual sales look low for the number of staff (under 50,000 pesos a person); they were "
                          "kept as typed. If you typed them in millions without saying so (12 instead of "
                          "12,000,000), correct them: the size the company is compared at depends on them."),
    "sector_government": ("El sector 93 (actividades legislativas y gubernamentales) no participa: Integra es para "
                          "empresas.",
                          "Sector 93 (legislative and government activities) does not take part: Integra is for "
                          "companies."),
    "rfc_check_digit": ("El dígito verificador del RFC no coincide; se guardó el registro, verifique el RFC con su "
                        "constancia fiscal.",
                        "The RFC check digit does not match; the record was kept, please check the RFC against your "
                        "tax certificate."),
}


def _pydantic_code(code: str) -> bool:
    """An error type of pydantic's own (say "bool_type", "dict_type"), which a schema may raise."""
    try:  # pydantic is already loaded wherever validation runs
        from pydantic_core._pydantic_core import list_all_errors
    except ImportError:
        return True
    return code in {e["type"] for e in list_all_errors()}


def lang_of(value) -> str:
    return value if value in LANGS else DEFAULT


def message(code: str, lang: str, **params) -> str:
    """The message for a code. A code of ours that is not here is a typo: the tests (INTEGRA_STRICT_MESSAGES)
    fail on it. Validation codes pydantic adds in new versions fall back to the generic one."""
    if code not in MESSAGES and os.environ.get("INTEGRA_STRICT_MESSAGES") and not _pydantic_code(code):
        raise KeyError(f"no message for {code!r}")
    texts = MESSAGES.get(code, MESSAGES["value_error"])
    text = texts[LANGS.index(lang_of(lang))]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def pick(text: dict, lang: str) -> str:
    """A catalogue text in the request's language."""
    return text[lang_of(lang)]


_MONTHS = {"es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                  "noviembre", "diciembre"),
           "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")}


def mexico_date(moment: str, lang: str) -> str:
    """An ISO-8601 UTC time as a reader in Mexico would date it: "4 de diciembre de 2026" / "4 December 2026"."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    day = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(ZoneInfo("America/Mexico_City"))
    month = _MONTHS[lang_of(lang)][day.month - 1]
    return f"{day.day} de {month} de {day.year}" if lang_of(lang) == "es" else f"{day.day} {month} {day.year}"
