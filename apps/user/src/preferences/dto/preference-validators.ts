import { ValidateBy, ValidationOptions } from 'class-validator';

/** An IANA time zone the runtime knows, e.g. `Europe/Berlin` or `UTC`. */
export const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value) => {
          if (typeof value !== 'string' || value.length > 64) return false;
          try {
            new Intl.DateTimeFormat('en', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args) => `${args?.property} must be an IANA time zone such as Europe/Berlin`,
      },
    },
    options,
  );

/** A well-formed BCP 47 language tag, e.g. `en`, `de-AT`, `zh-Hant-TW`. */
export const IsLocale = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocale',
      validator: {
        validate: (value) => {
          if (
            typeof value !== 'string' ||
            value.length > 35 ||
            !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)
          ) {
            return false;
          }
          try {
            return Intl.getCanonicalLocales(value).length === 1;
          } catch {
            return false;
          }
        },
        defaultMessage: (args) => `${args?.property} must be a language tag such as en or de-AT`,
      },
    },
    options,
  );
